package org.gss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deny rule ({@link CredentialKeys}) for every key that holds a credential in a Hadoop/Spark connector, and recorded
 * configurations redacted by it. The key lists are taken from the connectors' documentation: hadoop-aws "Working with
 * S3" / "S3A encryption" / "Assumed roles" / "Delegation tokens", hadoop-azure "ABFS" / "WASB" (account keys, OAuth2,
 * SAS, client-provided keys), the GCS connector's CONFIGURATION.md, Spark's security page, Hadoop's CredentialProvider
 * and SSL configuration.
 */
class CredentialRedactionTest {
    static final List<String> CREDENTIAL_KEYS = List.of(
            // hadoop-aws (S3A), global and per bucket
            "fs.s3a.access.key", "fs.s3a.secret.key", "fs.s3a.session.token", "fs.s3a.encryption.key",
            "fs.s3a.server-side-encryption.key", "fs.s3a.bucket.mybucket.access.key",
            "fs.s3a.bucket.mybucket.secret.key", "fs.s3a.bucket.mybucket.session.token",
            "fs.s3a.bucket.mybucket.encryption.key", "fs.s3a.bucket.mybucket.server-side-encryption.key",
            "fs.s3a.security.credential.provider.path", "fs.s3a.aws.credentials.provider",
            "fs.s3a.assumed.role.credentials.provider", "fs.s3a.delegation.token.binding",
            "fs.s3.awsAccessKeyId", "fs.s3.awsSecretAccessKey",
            "fs.s3n.awsAccessKeyId", "fs.s3n.awsSecretAccessKey",
            // hadoop-azure: ABFS and WASB
            "fs.azure.account.key.myacct.dfs.core.windows.net", "fs.azure.account.key.myacct.blob.core.windows.net",
            "fs.azure.account.key", "fs.azure.account.oauth2.client.secret",
            "fs.azure.account.oauth2.client.secret.myacct.dfs.core.windows.net",
            "fs.azure.account.oauth2.refresh.token", "fs.azure.account.oauth2.user.password",
            "fs.azure.sas.fixed.token",
            "fs.azure.sas.fixed.token.myacct.dfs.core.windows.net", "fs.azure.sas.token.provider.type",
            "fs.azure.sas.mycontainer.myacct.blob.core.windows.net", "fs.azure.encryption.encoded.client-provided-key",
            "fs.azure.encryption.encoded.client-provided-key-sha", "fs.azure.delegation.token.provider.type", "fs.azure.enable.delegation.token",
            "fs.azure.account.oauth2.client.secret.myacct",
            // GCS connector
            "fs.gs.auth.service.account.private.key", "fs.gs.auth.service.account.private.key.id",
            "fs.gs.auth.client.secret", "fs.gs.auth.refresh.token", "fs.gs.encryption.key", "fs.gs.encryption.key.hash",
            "fs.gs.auth.access.token.provider", "fs.gs.auth.access.token.provider.impl",
            "google.cloud.auth.service.account.private.key", "google.cloud.auth.client.secret",
            // Hadoop core, SSL and Spark
            "hadoop.security.credential.provider.path", "hadoop.http.authentication.signature.secret.file",
            "ssl.server.keystore.password", "ssl.server.keystore.keypassword", "ssl.client.truststore.password",
            "spark.authenticate.secret", "spark.ssl.keyPassword", "spark.ssl.keyStorePassword",
            "spark.ssl.trustStorePassword", "spark.ssl.ui.keyStorePassword",
            "spark.kubernetes.authenticate.submission.oauthToken", "spark.kubernetes.authenticate.driver.oauthToken",
            "spark.hadoop.fs.azure.account.key.myacct.dfs.core.windows.net", "spark.hadoop.fs.s3a.encryption.key",
            "spark.hadoop.fs.gs.auth.service.account.private.key", "spark.executorEnv.AWS_SECRET_ACCESS_KEY",
            "spark.executorEnv.AWS_SESSION_TOKEN", "spark.executorEnv.AWS_ACCESS_KEY_ID");

    /** Settings of the same connectors that are not credentials and must stay usable. */
    static final List<String> ORDINARY_KEYS = List.of("fs.s3a.endpoint", "fs.s3a.path.style.access",
            "fs.s3a.encryption.algorithm", "fs.s3a.server-side-encryption-algorithm", "fs.s3a.assumed.role.arn",
            "fs.azure.account.auth.type", "fs.azure.account.oauth.provider.type",
            "fs.azure.account.oauth2.client.id", "fs.azure.account.oauth2.client.endpoint",
            "fs.azure.account.keyprovider.myacct.blob.core.windows.net", "fs.gs.project.id",
            "fs.gs.auth.service.account.email", "fs.gs.auth.type", "spark.io.encryption.enabled",
            "spark.io.encryption.keySizeBits", "spark.io.encryption.keygen.algorithm", "spark.ssl.enabled",
            "spark.hadoop.fs.s3a.endpoint", "spark.executorEnv.OMP_NUM_THREADS");

    @TempDir
    Path dir;

    @Test
    void everyConnectorCredentialKeyIsDenied() {
        List<String> missed = new ArrayList<>();
        for (String k : CREDENTIAL_KEYS) {
            if (!CredentialKeys.isCredential(k)) {
                missed.add(k);
            }
        }
        for (String env : List.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID",
                "AZURE_CLIENT_SECRET", "AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "GOOGLE_APPLICATION_CREDENTIALS",
                "GSS_TEST_CLIENT_SECRET")) {
            if (!CredentialKeys.isCredential(env)) {
                missed.add("environment variable " + env);
            }
        }
        assertEquals(List.of(), missed, "credential keys the rule lets through");
    }

    @Test
    void ordinarySettingsAndEveryReferenceKeyPass() {
        List<String> denied = new ArrayList<>();
        for (String k : ORDINARY_KEYS) {
            if (CredentialKeys.isCredential(k)) {
                denied.add(k);
            }
        }
        for (String env : List.of("HOME", "PATH", "JAVA_HOME", "SPARK_HOME", "SPARK_LOCAL_IP", "SSH_AUTH_SOCK",
                "OMP_WAIT_POLICY")) {
            if (CredentialKeys.isCredential(env)) {
                denied.add("environment variable " + env);
            }
        }
        for (Map.Entry<String, ?> e : GssConfig.reference().entrySet()) {
            if (CredentialKeys.isCredential(e.getKey())) {
                denied.add(e.getKey());
            }
        }
        assertEquals(List.of(), denied, "non-credential keys the rule refuses");
    }

    @Test
    void configFilesCarryingAConnectorCredentialAreRefusedWithoutEchoingIt() throws Exception {
        for (String k : List.of("fs.azure.account.key.myacct.dfs.core.windows.net",
                "fs.gs.auth.service.account.private.key", "fs.s3a.encryption.key")) {
            Path f = write("c.conf", "gss.spark.conf { \"spark.hadoop." + k + "\" = \"s3kr1t-value\" }\n");
            ConfigError e = assertThrows(ConfigError.class, () -> GssConfig.load(Optional.of(f), List.of()), k);
            assertTrue(e.getMessage().contains("credential"), e.getMessage());
            assertFalse(e.getMessage().contains("s3kr1t"), e.getMessage());
        }
    }

    @Test
    void recordedConfigRedactsValuesFromCredentialEnvironmentVariables() throws Exception {
        String secret = System.getenv("GSS_TEST_CLIENT_SECRET");
        assertTrue(secret != null && !secret.isEmpty(), "the build sets GSS_TEST_CLIENT_SECRET for this test");
        Path f = write("env.conf", "gss.dataset.name = ${?GSS_TEST_CLIENT_SECRET}\n"
                + "gss.dataset.root = \"s3a://bucket/\"${?GSS_TEST_CLIENT_SECRET}\"/data\"\n"
                + "gss.dataset.splits = [train, ${?GSS_TEST_CLIENT_SECRET}]\n"
                + "gss.work-dir = \"s3a://user:pa55word@bucket/work\"\n");
        GssConfig cfg = GssConfig.load(Optional.of(f), List.of());
        assertEquals(secret, cfg.gss().getString("dataset.name"), "jobs still get the real value");
        for (String recorded : List.of(cfg.canonicalJson(), cfg.renderWithOrigins())) {
            assertFalse(recorded.contains(secret), recorded);
            assertFalse(recorded.contains("pa55word"), recorded);
            assertTrue(recorded.contains(CredentialKeys.REDACTED), recorded);
            assertTrue(recorded.contains("s3a://user:" + CredentialKeys.REDACTED + "@bucket/work"), recorded);
        }
        assertFalse(cfg.hash().isEmpty());
    }

    @Test
    void redactionLeavesConfigsWithoutSecretsUnchanged() {
        GssConfig cfg = GssConfig.defaults();
        assertFalse(cfg.canonicalJson().contains(CredentialKeys.REDACTED));
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
