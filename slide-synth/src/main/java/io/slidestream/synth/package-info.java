/**
 * Synthetic whole-slide images with ground truth: the project's only source of slides for tests, the
 * demo, training and benchmarks.
 *
 * <p>{@link io.slidestream.synth.SyntheticSlideGenerator#generate} writes a tiled (256 px),
 * JPEG-compressed (YCbCr 4:2:0), pyramidal TIFF (BigTIFF when the file could pass 4 GiB). By default
 * OpenSlide 3.4.1 opens it as {@code generic-tiff}, levels at downsample 1, 2, 4, ... down to the first
 * that fits in 512 px, the resolution in XResolution/YResolution per cm. The spec can ask for slides as
 * hospitals scan them instead: 4x levels or a single level ({@link io.slidestream.synth.LevelLayout}),
 * Aperio SVS with a made-up patient in its properties and on its label
 * ({@link io.slidestream.synth.SlideFormat}), the objective power only or no resolution at all
 * ({@link io.slidestream.synth.ResolutionMetadata}), and scanner artefacts
 * ({@link io.slidestream.synth.Artefacts}). Beside the slide: {@code <base>.tumour-mask.png},
 * {@code <base>.tissue-mask.png} (and {@code <base>.artefact-mask.png}) and {@code <base>.truth.json},
 * read back by {@link io.slidestream.synth.GroundTruth#load}.
 *
 * <p>Content is H&amp;E-like: eosin-pink stroma with small, round lymphocyte nuclei on light grey
 * glass, and lesions of tumour cells with large, crowded, dark, pleomorphic nuclei. Every pixel is a
 * function of the seed and its position, so the same {@link io.slidestream.synth.SyntheticSlideSpec}
 * always gives the same bytes, and a slide of any size renders in one streaming pass. Everything
 * biological is sized in µm, so the same seed at another mpp shows the same tissue.
 */
package io.slidestream.synth;
