package org.moshsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.protocol.Protocols;

/** Every way YAML writes a number is read with its meaning or refused as one line naming the file, line and key. */
class NumberFormsTest {
    /** A config whose line 4 is {@code key value}. */
    private static Experiment read(String key, String value) {
        String peers = key.equals("peers: ") ? "seeds: 1\n" : "peers: 16\n";
        return ExperimentReader.parse("n.yaml", "name: n\n" + peers + "protocols: [{type: all-reduce}]\n" + key + value + "\n", null, Protocols.catalogue());
    }

    @ParameterizedTest(name = "peers: {0}")
    @CsvSource(delimiter = '|', value = {
        "64|64", "0x40|64", "0o100|", "0100|64", "0b1000000|64", "1_024|1024", "+64|64", "64.0|64", "6.4e1|64", "1e3|1000",
        "0x_40|64", "64.5|", ".nan|", ".NaN|", ".inf|", "-.inf|", "+.inf|", "-64|", "-0|", "1e400|", "99999999999999999999|",
        "2147483648|", "0xFFFFFFFFFFFFFFFFFF|", "1:04|", "\"64\"|", "true|", "~|", "[]|"})
    void integers(String written, Integer meaning) {
        if (meaning != null) {
            assertEquals(meaning, read("peers: ", written).points().get(0).scenario().peers(), written);
        } else {
            ConfigError error = assertThrows(ConfigError.class, () -> read("peers: ", written), written);
            assertTrue(error.getMessage().startsWith("n.yaml:4: peers: "), error.getMessage());
            assertEquals(1, error.getMessage().lines().count());
        }
    }

    @ParameterizedTest(name = "init.mean: {0}")
    @CsvSource(delimiter = '|', value = {
        "2.5|2.5", "-2.5|-2.5", "+2.5|2.5", "1e3|1000", "1E3|1000", "1.5e+3|1500", "1_000.5|1000.5", "0x10|16", "010|8", "0b11|3",
        "99999999999999999999|1e20", "-0|0", ".5|0.5", "5.|5", ".nan|", ".NaN|", ".inf|", "-.inf|", "1e400|", "-1e400|",
        "'2.5'|2.5", "abc|", "true|", "~|"})
    void numbers(String written, Double meaning) {
        if (meaning != null) {
            InitSpec.Normal init = (InitSpec.Normal) read("init: {mean: ", written + "}").points().get(0).scenario().init();
            assertEquals(meaning, init.mean(), written);
        } else {
            ConfigError error = assertThrows(ConfigError.class, () -> read("init: {mean: ", written + "}"), written);
            assertTrue(error.getMessage().startsWith("n.yaml:4: init.mean: "), error.getMessage());
            assertEquals(1, error.getMessage().lines().count());
        }
    }

    @ParameterizedTest(name = "timing.horizon: {0}")
    @CsvSource(delimiter = '|', value = {"60|60", "60s|60", "1_000|1000", "0x3c|60", "1e3s|1000", "1min|60", ".inf|", "1e300s|",
        "-.inf|", ".nan|", "0|", "1e10s|"})
    void durations(String written, Double meaning) {
        if (meaning != null) {
            assertEquals(meaning, read("timing: {horizon: ", written + "}").points().get(0).scenario().timing().horizon(), written);
        } else {
            ConfigError error = assertThrows(ConfigError.class, () -> read("timing: {horizon: ", written + "}"), written);
            assertTrue(error.getMessage().startsWith("n.yaml:4: timing.horizon: "), error.getMessage());
        }
    }
}
