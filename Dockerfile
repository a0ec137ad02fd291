# One image for every mode: docker run IMAGE [monolith|auth|hello|certgen] [flags]
#   docker build --build-arg VERSION=1.0.0 -t app:1.0.0 .
# The build stage runs the same `deno task compile` as a local build (the permissions and V8 flags
# of deno.json's start task, the ones the tests run main.ts with); the runtime stage holds only the binary.

FROM denoland/deno:2.9.6 AS build
ARG VERSION=1.0.0
WORKDIR /src
COPY deno.json deno.lock ./
COPY main.ts ./
COPY src ./src
COPY routes ./routes
# /version and --version report deno.json's version: set it from the build argument.
RUN deno eval 'const version = Deno.env.get("VERSION") ?? ""; \
  if (!/^[0-9]+[.][0-9]+[.][0-9]+([-+][0-9A-Za-z.-]+)?$/.test(version)) { \
    console.error(`VERSION must look like 1.2.3, got "${version}"`); Deno.exit(1); } \
  const config = JSON.parse(Deno.readTextFileSync("deno.json")); config.version = version; \
  Deno.writeTextFileSync("deno.json", JSON.stringify(config, null, 2) + "\n");'
RUN deno task compile

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/app /app
USER nonroot:nonroot
EXPOSE 8080 8081
ENTRYPOINT ["/app"]
CMD ["monolith"]
