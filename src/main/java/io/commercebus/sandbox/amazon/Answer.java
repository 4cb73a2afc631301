package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;

/** An SP-API operation's answer: its HTTP status and JSON body (null for an empty body). */
record Answer(int status, JsonNode body) {
}
