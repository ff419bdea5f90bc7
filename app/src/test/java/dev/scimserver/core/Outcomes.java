package dev.scimserver.core;

import java.util.function.Supplier;

/** For tests that hold our JSON types against Parsson's: a call's answer, or the class of what it threw. */
public final class Outcomes {
    private Outcomes() {
    }

    public static Object outcome(Supplier<?> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
