package io.omninode.bridge.app;

import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Chooses the auth mode of {@code bridge run} (DESIGN.md §7): tokens from {@code --auth-file};
 * otherwise one admin token generated once and kept in {@code <data-dir>/admin-token};
 * {@code --insecure} turns auth off.
 *
 * @param authenticator what the HTTP server uses
 * @param description   one line for the start-up log (never the token itself for auth files)
 */
public record AuthSetup(Authenticator authenticator, String description) {

    public static final String ADMIN_TOKEN_FILE = "admin-token";

    public static AuthSetup resolve(Path authFile, boolean insecure, Path dataDir) {
        if (insecure) {
            return new AuthSetup(Authenticator.disabled(),
                    "WARNING: authentication is DISABLED (--insecure): anyone who reaches the port may write");
        }
        if (authFile != null) {
            TokenStore tokens = TokenStore.load(authFile);
            return new AuthSetup(Authenticator.withTokens(tokens),
                    "auth: " + tokens.size() + " token(s) from " + authFile
                            + (tokens.anonymousNetworks().isEmpty() ? ""
                            : ", requests without a token accepted from " + String.join(", ", tokens.anonymousNetworks())));
        }
        Path tokenFile = dataDir.resolve(ADMIN_TOKEN_FILE);
        String token = readOrCreateToken(tokenFile);
        return new AuthSetup(Authenticator.withTokens(TokenStore.singleAdmin(token)),
                "auth: admin token " + token + " (stored in " + tokenFile + ")");
    }

    private static String readOrCreateToken(Path tokenFile) {
        try {
            if (Files.exists(tokenFile)) {
                String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                if (token.length() >= 16) {
                    return token;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = "bridge-admin-" + HexFormat.of().formatHex(random);
            Files.createDirectories(tokenFile.getParent());
            Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + tokenFile + ": " + e.getMessage(), e);
        }
    }
}
