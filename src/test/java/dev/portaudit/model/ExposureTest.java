package dev.portaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExposureTest {

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, wildcard", "::, wildcard",
        "127.0.0.1, loopback", "127.0.0.53, loopback", "::1, loopback",
        "169.254.1.1, link-local", "fe80::1, link-local", "febf::1, link-local", "224.0.0.251, link-local",
        "ff02::fb, link-local",
        "10.0.0.5, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
        "100.64.0.1, private", "fd00::1, private", "fc00::1, private", "239.1.1.1, private", "ff05::2, private",
        "172.32.0.1, public", "8.8.8.8, public", "2001:db8::1, public", "fec0::1, public", "ff0e::1, public",
        "192.169.0.1, public",
    })
    void classifiesAddresses(String address, String expected) {
        assertEquals(expected, Exposure.of(address).id());
    }
}
