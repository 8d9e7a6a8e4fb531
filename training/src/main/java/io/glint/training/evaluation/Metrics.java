package io.glint.training.evaluation;

/**
 * The top-10 metrics of one method under one protocol, averaged over the evaluated users (one relevant item each).
 *
 * @param hr10 hit rate: the share of users whose held-out item is in their top 10
 * @param ndcg10 {@code 1/log2(rank + 1)} when the rank is at most 10, else 0 (binary relevance, one relevant item)
 * @param mrr the mean of {@code 1/rank}, without a cut-off
 * @param coverage the share of catalogue items in at least one user's top 10
 * @param users how many users were evaluated
 */
public record Metrics(double hr10, double ndcg10, double mrr, double coverage, int users) {}
