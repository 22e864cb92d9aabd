# OmniNode Bridge: build the app module with Maven, run it on a JRE as a non-root user.
#   docker build -t omninode-bridge .
#   docker run -p 8000:8000 omninode-bridge run --bootstrap-servers kafka:9092 --host 0.0.0.0 --auth-file ...

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first: the dependency layer is reused while only sources change
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY topology/pom.xml topology/
COPY http/pom.xml http/
COPY state-queries/pom.xml state-queries/
COPY ingest-http/pom.xml ingest-http/
COPY proxy/pom.xml proxy/
COPY consul/pom.xml consul/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -q -pl app -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -ntp -q -pl app -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system bridge \
    && useradd --system --gid bridge --home-dir /var/lib/bridge --create-home bridge
WORKDIR /opt/bridge
COPY --from=build /src/app/target/bridge-app.jar ./bridge-app.jar
COPY --from=build /src/app/target/lib/ ./lib/
USER bridge
VOLUME /var/lib/bridge
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/ready > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/bridge/bridge-app.jar"]
CMD ["run", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/var/lib/bridge"]
