/**
 * Synthetic whole-slide images with ground truth: the project's only source of slides for tests, the
 * demo, training and benchmarks.
 *
 * <p>{@link io.slidestream.synth.SyntheticSlideGenerator#generate} writes {@code <base>.tiff}, a tiled
 * (256 px), JPEG-compressed (YCbCr 4:2:0), pyramidal TIFF that OpenSlide 3.4.1 opens as
 * {@code generic-tiff} (levels at downsample 1, 2, 4, ... down to the first that fits in 512 px;
 * BigTIFF when the file could pass 4 GiB), with the resolution in XResolution/YResolution per cm.
 * Beside it: {@code <base>.tumour-mask.png}, {@code <base>.tissue-mask.png} and
 * {@code <base>.truth.json}, read back by {@link io.slidestream.synth.GroundTruth#load}.
 *
 * <p>Content is H&amp;E-like: eosin-pink stroma with small, round lymphocyte nuclei on light grey
 * glass, and lesions of tumour cells with large, crowded, dark, pleomorphic nuclei. Every pixel is a
 * function of the seed and its position, so the same {@link io.slidestream.synth.SyntheticSlideSpec}
 * always gives the same bytes, and a slide of any size renders in one streaming pass.
 */
package io.slidestream.synth;
