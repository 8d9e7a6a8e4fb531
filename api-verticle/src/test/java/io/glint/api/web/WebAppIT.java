package io.glint.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web app's files at {@code /}, next to the API, which they do not shadow. */
class WebAppIT extends ApiTestBase {

    @Test
    void thePageAndItsModulesAreServedWithAContentSecurityPolicy() {
        HttpResponse<Buffer> page = api.client().get("/").send().await();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.getHeader("Content-Security-Policy")).isEqualTo(WebApp.CONTENT_SECURITY_POLICY);
        assertThat(page.getHeader("Cache-Control")).contains("no-cache");
        String html = page.bodyAsString();
        assertThat(html).contains("<main").doesNotContain("http://", "https://");

        Matcher script = Pattern.compile("<script[^>]+src=\"/?([^\"]+)\"").matcher(html);
        assertThat(script.find()).as("the page loads a script module").isTrue();
        HttpResponse<Buffer> module =
                api.client().get("/" + script.group(1)).send().await();
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.getHeader("Content-Type")).contains("javascript").containsIgnoringCase("charset=utf-8");
        assertThat(api.client().get("/app.css").send().await().getHeader("Content-Type"))
                .startsWith("text/css");
        assertThat(api.client().head("/").send().await().statusCode()).isEqualTo(200);
    }

    @Test
    void theApiIsNotShadowedAndUnknownPathsAreProblems() {
        assertThat(api.client().get("/v1/feed").send().await().statusCode()).isEqualTo(401);
        assertThat(api.client().get("/health").send().await().statusCode()).isNotEqualTo(404);

        for (String path : new String[] {"/nope", "/js/../pom.xml", "/js/missing.js", "/io/glint/webapp/index.html"}) {
            HttpResponse<Buffer> missing = api.client().get(path).send().await();
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(missing.getHeader("Content-Type")).as(path).startsWith("application/problem+json");
        }
    }
}
