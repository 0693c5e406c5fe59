// Starts Swagger UI on /api/docs. A file, not an inline script: the page runs under the
// strict CSP, and everything it loads comes from this origin (no CDN, no validator badge).
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
  });
})();
