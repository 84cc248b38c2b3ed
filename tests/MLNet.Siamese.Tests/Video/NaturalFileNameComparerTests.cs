using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

public class NaturalFileNameComparerTests
{
    [Fact]
    public void NumbersCompareByValueAndLettersIgnoreCase()
    {
        string[] names = ["img10.jpg", "img2.jpg", "IMG3.jpg", "img1.png", "img02.jpg", "a.jpg", "img100000000000000000000001.jpg", "img99.jpg", "img2b.jpg"];
        var sorted = names.OrderBy(n => n, NaturalFileNameComparer.Instance).ToArray();
        Assert.Equal(
            ["a.jpg", "img1.png", "img02.jpg", "img2.jpg", "img2b.jpg", "IMG3.jpg", "img10.jpg", "img99.jpg", "img100000000000000000000001.jpg"],
            sorted);
    }

    [Fact]
    public void OrderIsTotalAndConsistent()
    {
        var c = NaturalFileNameComparer.Instance;
        Assert.True(c.Compare("img2.jpg", "img10.jpg") < 0);
        Assert.True(c.Compare("img10.jpg", "img2.jpg") > 0);
        Assert.Equal(0, c.Compare("same", "same"));
        Assert.NotEqual(0, c.Compare("a.JPG", "a.jpg")); // equal ignoring case, still ordered
        Assert.Equal(-Math.Sign(c.Compare("a.JPG", "a.jpg")), Math.Sign(c.Compare("a.jpg", "a.JPG")));
        Assert.True(c.Compare("0001.jpg", "0002.jpg") < 0);
        Assert.True(c.Compare(null, "x") < 0);
    }
}
