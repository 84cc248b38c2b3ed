using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Tests.Tracking;

public class LongTermPolicyTests
{
    [Fact]
    public void Low_score_loses_the_target_until_a_very_high_score()
    {
        var p = new LongTermPolicy();
        Assert.False(p.IsLost);
        Assert.Equal(255, p.InstanceSize(255));
        Assert.Equal(0.28, p.WindowInfluence(0.28));

        Assert.True(p.AcceptsUpdate(0.9f));
        p.Observe(0.9f);
        Assert.False(p.IsLost);

        Assert.False(p.AcceptsUpdate(0.79f));
        p.Observe(0.79f);
        Assert.True(p.IsLost);
        Assert.Equal(831, p.InstanceSize(255));
        Assert.Equal(0.001, p.WindowInfluence(0.28));
        Assert.Equal(97, AnchorDecoder.ScoreSizeFor(p.InstanceSize(255)));

        // Between the thresholds the mode is kept, but the state moves again (score >= low).
        Assert.True(p.AcceptsUpdate(0.99f));
        p.Observe(0.99f);
        Assert.True(p.IsLost);
        p.Observe(0.99799997f); // just below 0.998 in float64
        Assert.True(p.IsLost);
        p.Observe(0.998f); // 0.9980000257 > 0.998
        Assert.False(p.IsLost);

        p.Observe(0.1f);
        p.Reset();
        Assert.False(p.IsLost);
    }

    [Fact]
    public void Thresholds_compare_the_float32_score_in_float64()
    {
        // numpy compares np.float32(0.8) >= 0.8 in float64: 0.800000011920929 >= 0.8.
        var p = new LongTermPolicy();
        Assert.True(p.AcceptsUpdate(0.8f));
        Assert.False(p.AcceptsUpdate(0.79999995f));
        var strict = new LongTermPolicy(confidenceLow: 0.85);
        Assert.False(strict.AcceptsUpdate(0.84f));
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LongTermPolicy(0.9, 0.8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LongTermPolicy(lostInstanceSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LongTermPolicy(lostWindowInfluence: 2));
    }
}
