package io.glint.core.aws;

import io.glint.core.config.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * A module that owns DynamoDB tables says so here, through {@link ServiceLoader}. The local stack creates exactly these
 * tables, and the CloudFormation check compares its templates with them, so the code's definitions are the only ones.
 */
public interface TableDefinitions {

    /** This module's tables, named with the configured prefix. */
    List<CreateTableRequest> tables(ResourceNames names);

    /** The tables of every module on the class path. */
    static List<CreateTableRequest> discover(ResourceNames names) {
        List<CreateTableRequest> tables = new ArrayList<>();
        for (TableDefinitions definitions : ServiceLoader.load(TableDefinitions.class)) {
            tables.addAll(definitions.tables(names));
        }
        return tables;
    }
}
