package io.slidestream.inference.service;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.stream.IntStream;

/** The devices a model engine can score on: every GPU it sees, else the CPU (and it says so). */
public final class ModelDevices {
    private static final Logger LOG = Logger.getLogger(ModelDevices.class);

    private ModelDevices() {
    }

    /** @param engine the DJL engine name, e.g. "TensorFlow" */
    public static List<Device> visible(String engine) {
        int gpus = Engine.getEngine(engine).getGpuCount();
        if (gpus == 0) {
            LOG.infof("no GPU visible to %s (CUDA natives and a driver are needed): scoring on the CPU", engine);
            return List.of(Device.cpu());
        }
        LOG.infof("%d GPU(s) visible to %s: one worker pool per GPU", gpus, engine);
        return IntStream.range(0, gpus).mapToObj(Device::gpu).toList();
    }
}
