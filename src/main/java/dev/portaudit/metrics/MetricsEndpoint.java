package dev.portaudit.metrics;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import dev.portaudit.agent.AgentStatus;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.policy.WebConfig;
import dev.portaudit.util.Hashes;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The agent's {@code /metrics} endpoint: Prometheus' Java client serving {@link AgentCollector}
 * (the text format, or OpenMetrics when the scraper asks for it), on the address given — loopback
 * unless one is named — with TLS and basic authentication from a web configuration file in the
 * format Prometheus' exporters read.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param listen         "HOST:PORT", "[::1]:PORT" or ":PORT" / "PORT" (loopback)
     * @param web            TLS and users, where a web configuration file was given
     * @param listenerSeries per-listener series to serve at most (0: none)
     * @throws InvalidInputException for an address that is not HOST:PORT, or TLS material that cannot be used
     * @throws IOException           when the address cannot be bound
     */
    public static MetricsEndpoint start(String listen, Optional<WebConfig> web, Supplier<AgentStatus> status,
            int listenerSeries) throws IOException {
        int colon = listen.lastIndexOf(':');
        String host = colon <= 0 ? "127.0.0.1" : listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(colon < 0 ? listen : listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || host.isBlank()) {
            throw new InvalidInputException("--metrics-listen '" + listen + "' is not HOST:PORT (for example "
                    + "127.0.0.1:9187, [::]:9187, or :9187 for loopback)");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new AgentCollector(status, listenerSeries));
        HTTPServer.Builder b = HTTPServer.builder().hostname(host).port(port).registry(registry);
        if (web.isPresent()) {
            if (web.get().tls().isPresent()) {
                b.httpsConfigurator(https(web.get().tls().get()));
            }
            if (!web.get().users().isEmpty()) {
                b.authenticator(new Users(web.get().users()));
            }
        }
        return new MetricsEndpoint(b.buildAndStart());
    }

    /** The port served (the one bound, where port 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Users and their bcrypt hashes. bcrypt is slow by design, and Prometheus sends the credentials
     * with every scrape: a password that verified once is remembered as its SHA-256, never as itself.
     */
    private static final class Users extends BasicAuthenticator {
        private final Map<String, String> hashes;
        private final Map<String, String> verified = new ConcurrentHashMap<>();

        Users(Map<String, String> hashes) {
            super("portaudit");
            this.hashes = hashes;
        }

        @Override
        public boolean checkCredentials(String user, String password) {
            String hash = hashes.get(user);
            if (hash == null || password == null) {
                return false;
            }
            String digest = Hashes.sha256(password.getBytes(StandardCharsets.UTF_8));
            if (MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                    verified.getOrDefault(user, "").getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
            boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash.getBytes(StandardCharsets.UTF_8))
                    .verified;
            if (ok) {
                verified.put(user, digest);
            }
            return ok;
        }
    }

    private static HttpsConfigurator https(WebConfig.Tls tls) {
        try {
            List<Certificate> chain = certificates(tls.certFile());
            PrivateKey key = privateKey(tls.keyFile());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("server", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            TrustManagerFactory tmf = null;
            if (tls.clientCa().isPresent()) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.clientCa().get())) {
                    cas.setCertificateEntry("ca" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(cas);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            boolean clientCerts = tls.clientCa().isPresent();
            String[] protocols = tls.minVersion().equals("TLS13") ? new String[] {"TLSv1.3"}
                    : new String[] {"TLSv1.3", "TLSv1.2"};
            return new HttpsConfigurator(ctx) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = ctx.getDefaultSSLParameters();
                    p.setProtocols(protocols);
                    p.setNeedClientAuth(clientCerts);
                    params.setSSLParameters(p);
                }
            };
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidInputException("the web configuration's TLS certificate or key cannot be used: "
                    + e.getMessage());
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return new ArrayList<>(certs);
        }
    }

    /** A PKCS #8 PEM key ("BEGIN PRIVATE KEY"), RSA, EC or Ed25519. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " is not a PKCS #8 PEM key (\"BEGIN PRIVATE KEY\"); convert it "
                    + "with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new GeneralSecurityException(pem + ": a key of a kind other than RSA, EC or Ed25519");
    }
}
