package io.slidestream.tiler.service;

import java.util.UUID;

/** Slide ids people can read: the file's name and a random suffix, e.g. {@code node-03-5f1c2a9b}. */
public final class SlideIds {
    private SlideIds() {
    }

    public static String newId(String path) {
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "-");
        if (stem.length() > 40) {
            stem = stem.substring(0, 40);
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return stem.isEmpty() ? "slide-" + suffix : stem + "-" + suffix;
    }
}
