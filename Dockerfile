# The project's image for docker-compose.yml. NOT TESTED HERE (no Docker engine on our machines).
#
# Two stages. "build" compiles the project with Maven and builds the distribution tarball
# (iot-dist); the final stage is only a JRE and the unpacked tarball, whose bin/iot runs the
# simulator, the ingester and the API against the Kafka and Cassandra it is pointed at.
#
# The distribution has no Spark (bin/iot analytics needs Spark's jars, which only a build
# resolves, into ~/.m2): docker-compose.yml runs its analytics service from the "build" stage
# (target: build), where ./iot starts the Spark job in a child JVM on those jars, as before.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /opt/iot-pipeline
COPY . .
# The touch marks the classpath list fresh for ./iot, so the build stage's ./iot never rebuilds.
RUN mvn -B -q -DskipTests package && touch iot-cli/target/iot.classpath
ENTRYPOINT ["./iot"]

FROM eclipse-temurin:17-jre
COPY --from=build /opt/iot-pipeline/iot-dist/target/iot-pipeline-*.tar.gz /tmp/
RUN tar xzf /tmp/iot-pipeline-*.tar.gz -C /opt \
 && mv /opt/iot-pipeline-* /opt/iot-pipeline \
 && rm /tmp/iot-pipeline-*.tar.gz
# Commands register themselves under ./data (the data dir): keep it in a directory of its own.
WORKDIR /var/lib/iot-pipeline
ENTRYPOINT ["/opt/iot-pipeline/bin/iot"]
