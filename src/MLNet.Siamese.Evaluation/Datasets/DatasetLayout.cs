namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>The folder layout a sequence was found in (detected per sequence).</summary>
public enum DatasetLayout
{
    /// <summary>OTB: <c>img/0001.jpg…</c> + <c>groundtruth_rect.txt</c> (or <c>groundtruth_rect.N.txt</c> per target).</summary>
    Otb,

    /// <summary>UAV123: a copy with <c>img/000001.jpg…</c> + <c>groundtruth.txt</c>, or the original <c>anno/</c> + <c>data_seq/</c> tree.</summary>
    Uav123,

    /// <summary>VOT: frames in the sequence folder (or <c>color/</c>) + <c>groundtruth.txt</c> with 4 or 8 values.</summary>
    Vot,

    /// <summary>GOT-10k: frames in the sequence folder + <c>groundtruth.txt</c>, <c>absence.label</c>, <c>cover.label</c>.</summary>
    Got10k,

    /// <summary>LaSOT: <c>img/00000001.jpg…</c> + <c>groundtruth.txt</c>, <c>full_occlusion.txt</c>, <c>out_of_view.txt</c>.</summary>
    Lasot,
}
