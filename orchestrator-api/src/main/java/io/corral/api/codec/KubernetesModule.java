package io.corral.api.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.quantity.Quantity;
import io.corral.api.status.Status;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Wire forms of the value types, so the model carries no Jackson annotations:
 * {@link Quantity} as its canonical string, {@link IntOrString} as a JSON int or string,
 * {@link Instant} as RFC 3339 (fractions only when present, so MicroTime keeps its microseconds),
 * {@link Status} with its {@code kind} and {@code apiVersion}.
 */
final class KubernetesModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    KubernetesModule() {
        super("corral-kubernetes");
        addSerializer(Quantity.class, new StdSerializer<>(Quantity.class) {
            @Override
            public void serialize(Quantity value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        addDeserializer(Quantity.class, new StdDeserializer<>(Quantity.class) {
            @Override
            public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.currentToken().isScalarValue()) {
                    return (Quantity) ctxt.handleUnexpectedToken(Quantity.class, p);
                }
                String text = p.getText();
                try {
                    return Quantity.parse(text);
                } catch (IllegalArgumentException e) {
                    return (Quantity) ctxt.handleWeirdStringValue(Quantity.class, text, e.getMessage());
                }
            }
        });
        addSerializer(IntOrString.class, new StdSerializer<>(IntOrString.class) {
            @Override
            public void serialize(IntOrString value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (value.isInt()) {
                    gen.writeNumber(value.intValue());
                } else {
                    gen.writeString(value.strValue());
                }
            }
        });
        addDeserializer(IntOrString.class, new StdDeserializer<>(IntOrString.class) {
            @Override
            public IntOrString deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    return IntOrString.of(p.getIntValue());
                }
                if (t == JsonToken.VALUE_STRING) {
                    return IntOrString.of(p.getText());
                }
                return (IntOrString) ctxt.handleUnexpectedToken(IntOrString.class, p);
            }
        });
        addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
            }
        });
        addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                }
                String text = p.getText();
                try {
                    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                            "not an RFC 3339 time such as 2006-01-02T15:04:05Z");
                }
            }
        });
        addSerializer(Status.class, new StdSerializer<>(Status.class) {
            @Override
            public void serialize(Status value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("kind", Status.KIND);
                gen.writeStringField("apiVersion", Status.API_VERSION);
                gen.writeObjectFieldStart("metadata");
                gen.writeEndObject();
                writeIfPresent(gen, "status", value.status());
                writeIfPresent(gen, "message", value.message());
                writeIfPresent(gen, "reason", value.reason());
                if (value.details() != null) {
                    gen.writeFieldName("details");
                    provider.defaultSerializeValue(value.details(), gen);
                }
                gen.writeNumberField("code", value.code());
                gen.writeEndObject();
            }
        });
    }

    private static void writeIfPresent(JsonGenerator gen, String field, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(field, value);
        }
    }
}
