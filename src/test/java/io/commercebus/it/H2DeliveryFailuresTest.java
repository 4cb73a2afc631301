package io.commercebus.it;

import java.nio.file.Path;
import java.util.Map;

class H2DeliveryFailuresTest extends DeliveryFailuresContract {

    @Override
    Map<String, String> settings(Path dir) {
        return TestBus.settings(dir);
    }
}
