package io.slidestream.tiler.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads a whole topic from its beginning and then follows it, on a daemon thread, with a consumer of its
 * own and no group: every tiler instance sees every record. For the tiler's views of what the system
 * already knows (slide states, planned slides).
 */
public final class TopicFollower {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final String topic;
    private final String bootstrapServers;
    private final Consumer<String> onValue;
    private final String ifStopped;
    private volatile KafkaConsumer<String, String> consumer;

    /**
     * @param ifStopped what is lost if the follower stops on an error, for the log
     */
    public TopicFollower(String topic, String bootstrapServers, Consumer<String> onValue, String ifStopped) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.onValue = onValue;
        this.ifStopped = ifStopped;
    }

    public void start() {
        Thread.ofPlatform().daemon().name("follow-" + topic).start(this::follow);
    }

    public void stop() {
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void follow() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tiler-follow-" + topic);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty()) {
                partitions = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(1000); // the topic appears with its first record
                }
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                    onValue.accept(record.value());
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            LOG.debugf("stopped following %s", topic);
        } catch (RuntimeException e) {
            LOG.errorf(e, "stopped following %s: %s", topic, ifStopped);
        }
    }
}
