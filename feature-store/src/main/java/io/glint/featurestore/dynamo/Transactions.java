package io.glint.featurestore.dynamo;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;

/** Reading why DynamoDB canceled a transaction. */
public final class Transactions {
    private Transactions() {}

    /** Whether the transaction's item at {@code index} failed its condition (the others then show {@code None}). */
    public static boolean conditionFailed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
