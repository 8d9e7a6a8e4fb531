package io.glint.localstack;

import io.glint.core.aws.AwsService;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks, so that a taken port fails with a message that names it and its service. */
final class Ports {
    private Ports() {}

    /**
     * Fails when a fixed port cannot be bound on loopback; {@code 0} (any free port) always passes.
     *
     * @throws LocalStackException naming the port and the service
     */
    static void requireFree(int port, AwsService service) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As the stand-ins do: an old connection in TIME_WAIT does not make a port unusable.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw inUse(port, service);
        }
    }

    static LocalStackException inUse(int port, AwsService service) {
        return new LocalStackException("port " + port + " (" + service.displayName() + ") is already in use");
    }

    /** Whether a server's start failed because its port was taken, however deep the library wrapped the cause. */
    static boolean isBindFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (message.contains("Address already in use") || message.contains("Failed to bind"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The innermost message, which is usually the one that explains. */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
