package io.glint.localstack;

import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.ResourceNames;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A table for this module's tests only, registered through the same SPI as the real modules' tables. */
public final class TestTables implements TableDefinitions {
    static final String ITEMS = "local-stack-items";
    static final String KEY = "id";

    @Override
    public List<CreateTableRequest> tables(ResourceNames names) {
        return List.of(CreateTableRequest.builder()
                .tableName(names.table(ITEMS))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(KEY)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName(KEY)
                        .keyType(KeyType.HASH)
                        .build())
                .build());
    }
}
