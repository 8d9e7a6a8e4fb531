package io.glint.featurestore.schema;

import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.ResourceNames;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The feature store's tables. Each later feature adds its table here, and nowhere else.
 *
 * <p>{@link #FEATURES}: one item per entity ({@code user#<id>}, {@code item#<id>}), so that a request reads every
 * feature it needs in one {@code BatchGetItem}.
 */
public final class FeatureStoreTables implements TableDefinitions {
    /** Feature items, keyed by entity id such as {@code user#u1} or {@code item#p9}. */
    public static final TableSpec FEATURES = TableSpec.of("features", TableSpec.Key.string("entityId"));

    public static final List<TableSpec> ALL = List.of(FEATURES);

    @Override
    public List<CreateTableRequest> tables(ResourceNames names) {
        return ALL.stream().map(table -> table.toCreateTableRequest(names)).toList();
    }
}
