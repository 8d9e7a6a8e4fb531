package io.glint.api.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.regex.Pattern;

/**
 * The web app (module {@code webapp}: static HTML, CSS and ES modules on the class path under {@code io/glint/webapp})
 * at {@code /}: the page itself never cached, so a deployment shows at once, the rest revalidated by ETag. The page
 * may load images from, and upload to, the presigned S3 URLs the API hands out (another origin), and nothing from
 * anywhere else.
 */
public final class WebApp {
    static final String ROOT = "io/glint/webapp";
    /** The paths the app's files live under; anything else falls through to the API's 404. */
    private static final Pattern FILES =
            Pattern.compile("^/(index\\.html|app\\.css|favicon\\.svg|js/([a-z0-9-]+/)*[a-z0-9-]+\\.js)?$");

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob: http: https:",
            "connect-src 'self' http: https:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private WebApp() {}

    /** Adds the app's routes: GET and HEAD of its files, after the API's routes. */
    public static void addRoutes(Router router) {
        StaticHandler files = StaticHandler.create(ROOT)
                .setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8") // The modules hold non-ASCII text (…, ✦): never read as Latin-1.
                .setCachingEnabled(true)
                .setMaxAgeSeconds(0)
                .setDirectoryListing(false)
                .setIncludeHidden(false);
        router.routeWithRegex(HttpMethod.GET, FILES.pattern())
                .handler(WebApp::headers)
                .handler(files);
        router.routeWithRegex(HttpMethod.HEAD, FILES.pattern())
                .handler(WebApp::headers)
                .handler(files);
    }

    private static void headers(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache");
        ctx.next();
    }
}
