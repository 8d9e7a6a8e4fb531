package io.glint.core.aws;

import io.glint.core.config.ResourceNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * A module that owns DynamoDB tables says so here, through {@link ServiceLoader}. The local stack creates exactly these
 * tables, and the CloudFormation check compares its templates with them, so the code's definitions are the only ones.
 */
public interface TableDefinitions {

    /** This module's tables, named with the configured prefix. */
    List<CreateTableRequest> tables(ResourceNames names);

    /**
     * The time-to-live attribute of each of this module's tables that has one, by full table name; DynamoDB sets it
     * with a separate {@code UpdateTimeToLive} call after the table exists.
     */
    default Map<String, String> timeToLive(ResourceNames names) {
        return Map.of();
    }

    /** The time-to-live attributes of every module on the class path, by table name. */
    static Map<String, String> discoverTimeToLive(ResourceNames names) {
        Map<String, String> attributes = new HashMap<>();
        for (TableDefinitions definitions : ServiceLoader.load(TableDefinitions.class)) {
            attributes.putAll(definitions.timeToLive(names));
        }
        return attributes;
    }

    /** The tables of every module on the class path. */
    static List<CreateTableRequest> discover(ResourceNames names) {
        List<CreateTableRequest> tables = new ArrayList<>();
        for (TableDefinitions definitions : ServiceLoader.load(TableDefinitions.class)) {
            tables.addAll(definitions.tables(names));
        }
        return tables;
    }
}
