package dev.portaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "fe80:0:0:0:a00:27ff:fe4e:66a1, fe80::a00:27ff:fe4e:66a1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "1:0:0:0:0:0:0:0, 1::",
        "ABCD:0:0:0:0:0:0:EF, abcd::ef",
    })
    void formatsIpv6PerRfc5952(String input, String expected) throws Exception {
        byte[] raw = InetAddress.getByName(input).getAddress();
        assertEquals(expected, Addresses.parse(raw, IpFamily.IPV6).text());
        assertEquals(IpFamily.IPV6, Addresses.parse(raw, IpFamily.IPV6).family());
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3, 10.1.2.3", "255.255.255.255, 255.255.255.255"})
    void formatsIpv4(String input, String expected) throws Exception {
        assertEquals(expected, Addresses.parse(InetAddress.getByName(input).getAddress(), IpFamily.IPV6).text());
    }

    @ParameterizedTest
    @CsvSource({"::FFFF:10.0.0.1, 10.0.0.1", "0:0::1, ::1", "127.0.0.1, 127.0.0.1", "fe80:0::1, fe80::1"})
    void canonicalLiterals(String input, String expected) {
        assertEquals(expected, Addresses.canonical(input).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"localhost", "example.com", "1.2.3", "999.1.1.1", "'::g'", "''"})
    void nonLiteralsAreNotResolved(String input) {
        assertEquals(java.util.Optional.empty(), Addresses.canonical(input));
    }

    @ParameterizedTest
    @CsvSource({"0", "3", "5", "8", "17"})
    void rejectsOddLengths(int length) {
        if (length == 0) {
            assertEquals("0.0.0.0", Addresses.parse(new byte[0], IpFamily.IPV4).text());
            return;
        }
        byte[] raw = new byte[length];
        raw[0] = 1;
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(raw, IpFamily.IPV4));
    }
}
