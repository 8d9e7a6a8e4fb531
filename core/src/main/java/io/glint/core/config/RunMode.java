package io.glint.core.config;

/**
 * Where a process runs. {@link #LOCAL} talks to the stand-ins that the local stack starts, and fills in every resource
 * name with a documented default; {@link #AWS} talks to real AWS endpoints and requires every resource name to be set,
 * exactly as the CloudFormation task definitions set them.
 */
public enum RunMode {
    LOCAL,
    AWS
}
