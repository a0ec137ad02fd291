# One image for every mode: docker run IMAGE [monolith|auth|hello|certgen|healthcheck] [flags]
#   docker buildx build --platform linux/amd64,linux/arm64 --build-arg REVISION=$(git rev-parse HEAD) -t app:1.0.0 .
# The build stage runs on the builder's own platform and cross-compiles (`deno compile --target`) for
# the platform being built, so a multi-platform build needs no emulation. It runs the same
# `deno task compile` as a local build, from an empty Deno cache and with the lockfile frozen
# (deno.json): the start task's permissions and V8 flags are baked into the binary.
# tests/deploy/compile_test.ts runs these build-stage lines as written. The runtime stage holds only
# the binary.

# VERSION is what /version, --version and app_info report, and the image's version label: keep its
# default deno.json's version (a test checks). REVISION and SOURCE only label the image.
ARG VERSION=1.0.0
ARG REVISION=
ARG SOURCE=

FROM --platform=$BUILDPLATFORM denoland/deno:2.9.6 AS build
ARG TARGETARCH
ARG VERSION
WORKDIR /src
COPY deno.json deno.lock ./
COPY scripts/compile.ts ./scripts/
COPY scripts/build ./scripts/build
COPY main.ts ./
COPY src ./src
COPY routes ./routes
# /version and --version report deno.json's version: set it from the build argument.
RUN deno eval 'const version = Deno.env.get("VERSION") ?? ""; \
  if (!/^[0-9]+[.][0-9]+[.][0-9]+([-+][0-9A-Za-z.-]+)?$/.test(version)) { \
    console.error(`VERSION must look like 1.2.3, got "${version}"`); Deno.exit(1); } \
  const config = JSON.parse(Deno.readTextFileSync("deno.json")); config.version = version; \
  Deno.writeTextFileSync("deno.json", JSON.stringify(config, null, 2) + "\n");'
RUN deno task compile --platform "linux/$TARGETARCH" --output app

FROM gcr.io/distroless/cc-debian12:nonroot
ARG VERSION
ARG REVISION
ARG SOURCE
LABEL org.opencontainers.image.version="$VERSION" org.opencontainers.image.revision="$REVISION" \
  org.opencontainers.image.source="$SOURCE" org.opencontainers.image.title="app"
COPY --from=build /src/app /app
USER nonroot:nonroot
EXPOSE 8080 8081
# No shell or curl in the image: the binary asks its own /readiness on APP_HEALTH (default :8081).
# A health address given as a -health flag instead is not seen here: use APP_HEALTH, or --health-cmd.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["/app", "healthcheck"]
ENTRYPOINT ["/app"]
CMD ["monolith"]
