package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.glint.localstack.node.NodePackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web app in a real browser (Debian's headless Chromium driven by Playwright) against {@code glint local}, as a
 * person uses it: two people sign up; one follows the other; the other uploads a real photo and sees it published
 * with its labels, and a text file named like a photo rejected with the reason; the follower sees the photo in the
 * feed, likes it and comments; then the "For you" and explore pages, an offline spell, tokens that stopped working,
 * a keyboard-only sign-up and navigation, and too many logins. Screenshots of each page go to {@code target/screenshots/}.
 */
class WebAppBrowserIT {
    /** Photos with people in them, shipped in the analyzer's npm package. */
    private static final String PHOTO = "node_modules/@vladmandic/human/assets/screenshot-facedetect.jpg";

    private static final String SECOND_PHOTO = "node_modules/@vladmandic/human/assets/samples.jpg";

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("GLINT_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final LocatorAssertions.IsVisibleOptions SOON =
            new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Test
    void twoPeopleShareAPhotoFollowLikeAndCommentInARealBrowser() throws Exception {
        assertThat(CHROMIUM)
                .as(
                        "Chromium drives the browser tests: install Debian's (apt-get install chromium) or set GLINT_CHROMIUM")
                .isExecutable();
        Files.createDirectories(SCREENSHOTS);
        Path photo = NodePackage.install().file(PHOTO);
        Path notAPhoto = Files.createTempFile("not-a-photo", ".jpg");
        Files.writeString(notAPhoto, "These are notes, not a photo.\n".repeat(40), StandardCharsets.UTF_8);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        int port = GlintChild.freePort();

        try (GlintChild glint = GlintChild.start(
                        Map.of(
                                "GLINT_HTTP_PORT",
                                Integer.toString(port),
                                "SAGEMAKER_BIND_TO_PORT",
                                Integer.toString(GlintChild.freePort())),
                        "local");
                Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            glint.awaitLine("Glint is running at", Duration.ofSeconds(150));
            String app = "http://localhost:" + port + "/";
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(CHROMIUM)
                            .setHeadless(true)
                            .setArgs(List.of("--no-sandbox")));

            BrowserContext annsBrowser = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            Page ann = annsBrowser.newPage();
            signUp(ann, app, "ann_" + suffix);
            String annId = ownUserId(ann);

            // Bob, on a phone-sized screen, follows Ann before she posts.
            BrowserContext bobsBrowser = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844)
                    .setIsMobile(true)
                    .setHasTouch(true));
            Page bob = bobsBrowser.newPage();
            signUp(bob, app, "bob_" + suffix);
            bob.navigate(app + "#/u/" + annId);
            Locator follow = bob.getByTestId("follow-button").first();
            PlaywrightAssertions.assertThat(follow).isVisible(SOON);
            follow.click();
            PlaywrightAssertions.assertThat(follow).hasAttribute("aria-pressed", "true");

            // Ann uploads a real photo: published, with what the analyzer saw.
            String postId = upload(ann, photo, "Faces at the meetup " + suffix);
            awaitStatus(ann, "published");
            PlaywrightAssertions.assertThat(ann.getByTestId("post-labels")).containsText("Person");
            screenshot(ann, "upload-published");

            // A text file named like a photo: rejected by the server, with the reason shown.
            upload(ann, notAPhoto, "Not really a photo");
            awaitStatus(ann, "rejected");
            PlaywrightAssertions.assertThat(ann.getByTestId("post-reason"))
                    .not()
                    .isEmpty();
            screenshot(ann, "upload-rejected");

            // Bob sees the photo in his feed, likes it and comments.
            bob.getByTestId("nav-feed").click();
            Locator card = bob.locator("[data-testid=post-card][data-post-id='" + postId + "']");
            PlaywrightAssertions.assertThat(card).isVisible(SOON);
            card.getByTestId("like-button").click();
            PlaywrightAssertions.assertThat(card.getByTestId("like-button")).hasAttribute("aria-pressed", "true");
            PlaywrightAssertions.assertThat(card.getByTestId("like-count")).containsText("1");
            card.getByTestId("comment-input").fill("Lovely shot!");
            card.getByTestId("comment-submit").click();
            PlaywrightAssertions.assertThat(
                            card.getByTestId("comment").filter(new Locator.FilterOptions().setHasText("Lovely shot!")))
                    .isVisible(SOON);
            screenshot(bob, "feed");
            // The like survives a reload: it was stored, not only shown.
            bob.reload();
            PlaywrightAssertions.assertThat(card.getByTestId("like-button"))
                    .hasAttribute(
                            "aria-pressed", "true", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));

            // Ann posts again: Bob has not seen that one, so it is recommended to him, with the reason.
            upload(ann, NodePackage.install().file(SECOND_PHOTO), "More faces " + suffix);
            awaitStatus(ann, "published");
            bob.getByTestId("nav-for-you").click();
            PlaywrightAssertions.assertThat(bob.getByTestId("rec-item").first()).isVisible(SOON);
            PlaywrightAssertions.assertThat(bob.getByTestId("rec-reason").first())
                    .containsText("new from an account you follow");
            screenshot(bob, "for-you");

            // Explore offers labels once the candidate indexer has run (every 30 s locally): Bob comes back to it.
            bob.getByTestId("nav-explore").click();
            Locator person = bob.locator("[data-testid=explore-label][data-value=person]");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (person.count() == 0 && System.nanoTime() < deadline) {
                bob.waitForTimeout(3_000);
                bob.reload();
                bob.getByTestId("explore-labels")
                        .or(bob.getByTestId("empty-state"))
                        .first()
                        .waitFor();
            }
            person.click();
            PlaywrightAssertions.assertThat(bob.getByTestId("explore-items")).isVisible(SOON);
            screenshot(bob, "explore");

            bob.navigate(app + "#/u/" + annId);
            PlaywrightAssertions.assertThat(bob.getByTestId("profile-post").first())
                    .isVisible(SOON);
            screenshot(bob, "profile");

            // Offline: a clear error with Retry, and Retry works once the network is back.
            bobsBrowser.setOffline(true);
            bob.getByTestId("nav-for-you").click();
            Locator offline = bob.locator("[data-testid=error-banner][data-kind=offline]");
            try {
                PlaywrightAssertions.assertThat(offline).isVisible(SOON);
            } finally {
                screenshot(bob, "offline");
            }
            bobsBrowser.setOffline(false);
            bob.getByTestId("retry").first().click();
            PlaywrightAssertions.assertThat(bob.getByTestId("rec-item").first()).isVisible(SOON);

            // Tokens that no longer work (revoked, expired): the app sends the person to the login page.
            bob.evaluate("() => { const s = JSON.parse(localStorage.getItem('glint.session'));"
                    + " s.accessToken = 'not-a-token'; s.refreshToken = 'not-a-token';"
                    + " localStorage.setItem('glint.session', JSON.stringify(s)); }");
            bob.getByTestId("nav-feed").click();
            PlaywrightAssertions.assertThat(bob.getByTestId("login-username")).isVisible(SOON);

            // Keyboard only: Cy signs up and moves through the app without a pointer.
            Page cy = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))
                    .newPage();
            cy.navigate(app + "#/signup");
            PlaywrightAssertions.assertThat(cy.getByTestId("signup-username")).isVisible(SOON);
            tabTo(cy, "signup-username");
            cy.keyboard().type("cy_" + suffix);
            tabTo(cy, "signup-password");
            cy.keyboard().type("a long password for cy");
            cy.keyboard().press("Enter");
            PlaywrightAssertions.assertThat(cy.getByTestId("logout")).isVisible(SOON);
            tabTo(cy, "nav-explore");
            cy.keyboard().press("Enter");
            cy.waitForURL(Pattern.compile(".*#/explore.*"));

            ann.getByTestId("logout").click();
            PlaywrightAssertions.assertThat(ann.getByTestId("login-username")).isVisible(SOON);
            screenshot(ann, "login");

            // Too many logins from one address (20 a minute): the page says so, with how long to wait.
            Locator limited = ann.locator("[data-testid=error-banner][data-kind=rate-limited]");
            for (int attempt = 0; attempt < 30 && limited.count() == 0; attempt++) {
                ann.getByTestId("login-username").fill("ann_" + suffix);
                ann.getByTestId("login-password").fill("not the password " + attempt);
                ann.getByTestId("login-submit").click();
                PlaywrightAssertions.assertThat(ann.getByTestId("login-error"))
                        .not()
                        .isEmpty();
                ann.waitForTimeout(50);
            }
            PlaywrightAssertions.assertThat(limited).containsText("Too many requests");
            screenshot(ann, "rate-limited");
            browser.close();
        }
    }

    /** Presses Tab until the element with the test id has the focus; fails if 40 presses do not reach it. */
    private static void tabTo(Page page, String testId) {
        for (int presses = 0; presses < 40; presses++) {
            page.keyboard().press("Tab");
            Object focused = page.evaluate("() => document.activeElement && document.activeElement.dataset.testid");
            if (testId.equals(focused)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + testId + " on " + page.url());
    }

    /** Waits until the upload page shows the post in {@code status} (analysis takes a few seconds). */
    private static void awaitStatus(Page page, String status) {
        PlaywrightAssertions.assertThat(page.getByTestId("post-status"))
                .hasText(status, new LocatorAssertions.HasTextOptions().setTimeout(120_000));
    }

    private static void signUp(Page page, String app, String username) throws Exception {
        page.navigate(app + "#/signup");
        page.getByTestId("signup-username").fill(username);
        page.getByTestId("signup-password").fill("a long password for " + username);
        screenshot(page, "signup");
        page.getByTestId("signup-submit").click();
        PlaywrightAssertions.assertThat(page.getByTestId("logout")).isVisible(SOON);
    }

    /** The signed-in user's id, from the address of their own profile page. */
    private static String ownUserId(Page page) {
        page.getByTestId("nav-profile").click();
        page.waitForURL(Pattern.compile(".*#/u/[0-9a-f-]{36}.*"));
        Matcher id = Pattern.compile("#/u/([0-9a-f-]{36})").matcher(page.url());
        assertThat(id.find()).as(page.url()).isTrue();
        return id.group(1);
    }

    /** Uploads through the upload page; returns the new post's id once the page shows the post. */
    private static String upload(Page page, Path file, String caption) {
        // From another page, so that the upload page is a fresh one (not the result of the previous upload).
        page.getByTestId("nav-feed").click();
        page.getByTestId("nav-upload").click();
        PlaywrightAssertions.assertThat(page.getByTestId("upload-caption")).isVisible(SOON);
        page.getByTestId("upload-file").setInputFiles(file);
        page.getByTestId("upload-caption").fill(caption);
        page.getByTestId("upload-submit").click();
        Locator status = page.getByTestId("post-status");
        PlaywrightAssertions.assertThat(status).isVisible(SOON);
        Locator post = page.getByTestId("post-result");
        PlaywrightAssertions.assertThat(post).hasAttribute("data-post-id", Pattern.compile("[0-9a-f-]{36}"));
        return post.getAttribute("data-post-id");
    }

    private static void screenshot(Page page, String name) throws Exception {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }
}
