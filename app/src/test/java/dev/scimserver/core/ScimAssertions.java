package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared helpers: JSON literals and the shape of a refused request. */
public final class ScimAssertions {
    private ScimAssertions() {
    }

    public static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Asserts the call fails with this status and scimType, and that the detail mentions every fragment. */
    public static ScimException assertScimError(ThrowingCallable call, int status, String scimType, String... detailFragments) {
        ScimException[] caught = new ScimException[1];
        assertThatThrownBy(call)
                .isInstanceOf(ScimException.class)
                .satisfies(e -> {
                    ScimException scim = (ScimException) e;
                    caught[0] = scim;
                    org.assertj.core.api.Assertions.assertThat(scim.status()).as("status of: %s", scim.detail())
                            .isEqualTo(status);
                    org.assertj.core.api.Assertions.assertThat(scim.scimType()).as("scimType of: %s", scim.detail())
                            .isEqualTo(scimType);
                    org.assertj.core.api.Assertions.assertThat(scim.detail()).contains(detailFragments);
                });
        return caught[0];
    }
}
