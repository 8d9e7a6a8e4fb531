package io.glint.training.evaluation;

import io.glint.training.data.Dataset;
import io.glint.training.examples.LeaveLastOutSplit;
import io.glint.training.examples.LongSet;
import java.util.Arrays;

/**
 * The binary user-item matrix of the training window: a 1 where the user engaged (viewed, liked, commented, bought) with
 * the item in an event that is not held out. The baselines learn from it, and it says which items a user "interacted
 * with in training" (not candidates at evaluation).
 */
public final class TrainingMatrix {
    private final int[][] itemsOfUser;
    private final int[][] usersOfItem;

    private TrainingMatrix(int[][] itemsOfUser, int[][] usersOfItem) {
        this.itemsOfUser = itemsOfUser;
        this.usersOfItem = usersOfItem;
    }

    public static TrainingMatrix of(Dataset data, LeaveLastOutSplit split) {
        int users = data.userCount();
        int items = data.itemCount();
        LongSet seen = new LongSet(Math.max(16, data.size() / 2));
        int[] userCounts = new int[users];
        int[] itemCounts = new int[items];
        for (int k = 0; k < data.size(); k++) {
            if (data.isEngagement(k) && !split.isHeldOut(k) && seen.add(LongSet.pair(data.user(k), data.item(k)))) {
                userCounts[data.user(k)]++;
                itemCounts[data.item(k)]++;
            }
        }
        int[][] itemsOfUser = new int[users][];
        int[][] usersOfItem = new int[items][];
        for (int u = 0; u < users; u++) {
            itemsOfUser[u] = new int[userCounts[u]];
        }
        for (int i = 0; i < items; i++) {
            usersOfItem[i] = new int[itemCounts[i]];
        }
        Arrays.fill(userCounts, 0);
        Arrays.fill(itemCounts, 0);
        LongSet again = new LongSet(Math.max(16, seen.size()));
        for (int k = 0; k < data.size(); k++) {
            int u = data.user(k);
            int i = data.item(k);
            if (data.isEngagement(k) && !split.isHeldOut(k) && again.add(LongSet.pair(u, i))) {
                itemsOfUser[u][userCounts[u]++] = i;
                usersOfItem[i][itemCounts[i]++] = u;
            }
        }
        for (int[] row : itemsOfUser) {
            Arrays.sort(row);
        }
        for (int[] column : usersOfItem) {
            Arrays.sort(column);
        }
        return new TrainingMatrix(itemsOfUser, usersOfItem);
    }

    /** The items the user engaged with in training, ascending (shared: do not modify). */
    int[] items(int user) {
        return itemsOfUser[user];
    }

    /** The users who engaged with the item in training, ascending (shared: do not modify). */
    int[] users(int item) {
        return usersOfItem[item];
    }

    /** Whether the user engaged with the item in training. */
    public boolean contains(int user, int item) {
        return Arrays.binarySearch(itemsOfUser[user], item) >= 0;
    }

    /** How many distinct users engaged with the item in training. */
    public int popularity(int item) {
        return usersOfItem[item].length;
    }

    public int userCount() {
        return itemsOfUser.length;
    }

    public int itemCount() {
        return usersOfItem.length;
    }

    /** The number of ones. */
    public long ones() {
        long ones = 0;
        for (int[] row : itemsOfUser) {
            ones += row.length;
        }
        return ones;
    }
}
