#!/bin/sh
# Creates SlideStream's Kafka topics; safe to run again (--if-not-exists leaves existing topics as they are).
# Runs in the apache/kafka image: docker-compose.yml (service kafka-topics) and the Kubernetes Job
# slidestream-topics (job-topics.yaml) both use this file, so the topic list lives here only.
#   KAFKA_BOOTSTRAP_SERVERS               required
#   SLIDESTREAM_TOPIC_REPLICATION_FACTOR  default 1
# Events are keyed by slide id; partitions bound how many consumers of a group share a topic
# (patch-batches: at most 8 inference-service replicas, the KEDA component's maxReplicaCount; urgent
# slides' batches have their own topic, which the workers drain first).
# The aggregator's three inputs (slide-manifests, score-batches, slide-status) must have the SAME partition
# count: it is one Kafka Streams sub-topology whose task N reads partition N of each, so a slide's manifest,
# scores and status meet in one task (and one state store) only when the three hash its id alike. Raising
# any of them on a running cluster moves slides to other partitions: do it only with no slide in flight.
set -eu
: "${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is not set}"
RF="${SLIDESTREAM_TOPIC_REPLICATION_FACTOR:-1}"

create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor "$RF"
}

create slide-ready 4
create slide-manifests 8
create patch-batches 8
create patch-batches-urgent 8
create score-batches 8
create slide-status 8
# Dead-letter topics of the consumed topics (<topic>-dlq).
create slide-ready-dlq 4
create slide-manifests-dlq 4
create patch-batches-dlq 4
create patch-batches-urgent-dlq 4
create score-batches-dlq 4
create slide-status-dlq 4
# The aggregator's live progress (SlideSummary JSON keyed by slide id), read whole by every instance.
create slide-progress 4
# Not here: the aggregator's Kafka Streams internal topics (aggregator-slides-changelog,
# aggregator-score-chunks-changelog, aggregator-score-maps-changelog, aggregator-pending-scores-changelog, named
# <application id>-<store>-changelog), which Kafka Streams creates itself, compacted, with the partition count
# of its inputs.

/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list
