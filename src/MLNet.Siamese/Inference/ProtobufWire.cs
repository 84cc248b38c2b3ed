namespace MLNet.Siamese.Inference;

/// <summary>
/// The few protobuf wire-format primitives needed to edit an ONNX model's graph signature without a protobuf
/// dependency: fields are walked as (number, wire type, raw bytes) and re-emitted unchanged unless edited.
/// </summary>
internal static class ProtobufWire
{
    internal const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>One field of a message: its number, wire type, and the bytes of its value (payload only for LEN fields).</summary>
    internal readonly record struct Field(int Number, int WireType, ReadOnlyMemory<byte> Value, ulong VarintValue);

    /// <summary>Splits a message into its fields, in order.</summary>
    /// <exception cref="FormatException">The bytes are not a valid protobuf message.</exception>
    internal static List<Field> ReadFields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        int pos = 0;
        while (pos < span.Length)
        {
            ulong tag = ReadVarint(span, ref pos);
            int number = checked((int)(tag >> 3)), wireType = (int)(tag & 7);
            if (number <= 0) throw new FormatException("invalid protobuf field number 0");
            switch (wireType)
            {
                case Varint:
                    int start = pos;
                    ulong v = ReadVarint(span, ref pos);
                    fields.Add(new Field(number, wireType, message[start..pos], v));
                    break;
                case Fixed64:
                    Need(span, pos, 8);
                    fields.Add(new Field(number, wireType, message.Slice(pos, 8), 0));
                    pos += 8;
                    break;
                case Fixed32:
                    Need(span, pos, 4);
                    fields.Add(new Field(number, wireType, message.Slice(pos, 4), 0));
                    pos += 4;
                    break;
                case LengthDelimited:
                    ulong len = ReadVarint(span, ref pos);
                    if (len > (ulong)(span.Length - pos)) throw new FormatException("truncated protobuf length-delimited field");
                    fields.Add(new Field(number, wireType, message.Slice(pos, (int)len), 0));
                    pos += (int)len;
                    break;
                default:
                    throw new FormatException($"unsupported protobuf wire type {wireType}");
            }
        }
        return fields;
    }

    /// <summary>Writes a field with its original encoding.</summary>
    internal static void WriteField(Stream output, Field field)
    {
        WriteVarint(output, ((ulong)field.Number << 3) | (uint)field.WireType);
        if (field.WireType == LengthDelimited) WriteVarint(output, (ulong)field.Value.Length);
        output.Write(field.Value.Span);
    }

    /// <summary>Writes a length-delimited field from raw payload bytes.</summary>
    internal static void WriteBytes(Stream output, int number, ReadOnlySpan<byte> payload)
    {
        WriteVarint(output, ((ulong)number << 3) | LengthDelimited);
        WriteVarint(output, (ulong)payload.Length);
        output.Write(payload);
    }

    internal static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }

    /// <summary>Reads one varint at <paramref name="pos"/> and advances it.</summary>
    internal static ulong ReadVarint(ReadOnlySpan<byte> span, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= span.Length) throw new FormatException("truncated protobuf varint");
            byte b = span[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new FormatException("protobuf varint longer than 10 bytes");
    }

    private static void Need(ReadOnlySpan<byte> span, int pos, int count)
    {
        if (span.Length - pos < count) throw new FormatException("truncated protobuf fixed-size field");
    }
}
