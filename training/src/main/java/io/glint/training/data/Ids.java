package io.glint.training.data;

import io.glint.events.InteractionEvent;

/** The rules for user and item ids that {@link InteractionEvent} enforces, checked per line for a clear message. */
final class Ids {
    private Ids() {}

    /** Why {@code value} cannot be a {@code what} id, or null when it can. */
    static String problem(String what, String value) {
        if (value.isEmpty()) {
            return what + " id is empty";
        }
        if (value.length() > InteractionEvent.MAX_ID_LENGTH) {
            return what + " id is " + value.length() + " characters long; at most " + InteractionEvent.MAX_ID_LENGTH
                    + " are allowed";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return what + " id contains a control character";
        }
        return null;
    }
}
