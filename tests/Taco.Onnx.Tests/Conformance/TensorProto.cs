using System.Buffers.Binary;

namespace Taco.Onnx.Tests.Conformance;

/// <summary>
/// An ONNX TensorProto read from the protobuf wire format (onnx.proto field numbers: dims 1,
/// data_type 2, float_data 4, int32_data 5, string_data 6, int64_data 7, name 8, raw_data 9,
/// double_data 10, uint64_data 11, data_location 14). Only what the backend test data uses.
/// </summary>
internal sealed class TensorProto
{
    public List<long> Dims { get; } = [];

    public TensorElementType DataType { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public byte[]? RawData { get; private set; }

    public List<float> FloatData { get; } = [];

    public List<int> Int32Data { get; } = [];

    public List<long> Int64Data { get; } = [];

    public List<double> DoubleData { get; } = [];

    public List<ulong> UInt64Data { get; } = [];

    public int StringCount { get; private set; }

    public bool IsExternal { get; private set; }

    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    public static TensorProto Parse(ReadOnlySpan<byte> bytes)
    {
        var t = new TensorProto();
        var r = new ProtoReader(bytes);
        while (!r.End)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: r.ReadRepeatedVarint(wire, v => t.Dims.Add((long)v)); break;
                case 2: t.DataType = (TensorElementType)(int)r.ReadVarint(); break;
                case 4: r.ReadRepeatedFixed32(wire, v => t.FloatData.Add(BitConverter.UInt32BitsToSingle(v))); break;
                case 5: r.ReadRepeatedVarint(wire, v => t.Int32Data.Add((int)v)); break;
                case 6: r.Skip(wire); t.StringCount++; break;
                case 7: r.ReadRepeatedVarint(wire, v => t.Int64Data.Add((long)v)); break;
                case 8: t.Name = System.Text.Encoding.UTF8.GetString(r.ReadBytes()); break;
                case 9: t.RawData = r.ReadBytes().ToArray(); break;
                case 10: r.ReadRepeatedFixed64(wire, v => t.DoubleData.Add(BitConverter.UInt64BitsToDouble(v))); break;
                case 11: r.ReadRepeatedVarint(wire, t.UInt64Data.Add); break;
                case 14: t.IsExternal = r.ReadVarint() == 1; break;
                default: r.Skip(wire); break;
            }
        }

        return t;
    }

    /// <summary>The tensor's elements as little-endian bytes in ONNX Runtime's layout.</summary>
    public byte[] ToBytes()
    {
        if (RawData is not null)
        {
            return RawData;
        }

        var n = checked((int)ElementCount);
        var size = SizeOf(DataType);
        var bytes = new byte[n * size];
        var span = bytes.AsSpan();
        for (var i = 0; i < n; i++)
        {
            var dst = span.Slice(i * size, size);
            switch (DataType)
            {
                case TensorElementType.Float: BinaryPrimitives.WriteSingleLittleEndian(dst, FloatData[i]); break;
                case TensorElementType.Double: BinaryPrimitives.WriteDoubleLittleEndian(dst, DoubleData[i]); break;
                case TensorElementType.Int64: BinaryPrimitives.WriteInt64LittleEndian(dst, Int64Data[i]); break;
                case TensorElementType.UInt32 or TensorElementType.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8, 8), UInt64Data[i]); break;
                case TensorElementType.Int32: BinaryPrimitives.WriteInt32LittleEndian(dst, Int32Data[i]); break;

                // int32_data carries the narrow types; float16 as its raw 16 bits.
                case TensorElementType.Int16 or TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16:
                    BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)Int32Data[i]); break;
                case TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool: dst[0] = (byte)Int32Data[i]; break;
                default: throw new NotSupportedException($"element type {DataType}");
            }
        }

        if (DataType == TensorElementType.UInt32)
        {
            // uint32 values were written as 8 bytes above; repack to 4.
            var packed = new byte[n * 4];
            for (var i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(packed.AsSpan(i * 4), (uint)UInt64Data[i]);
            }

            return packed;
        }

        return bytes;
    }

    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Bool or TensorElementType.Int8 or TensorElementType.UInt8 => 1,
        _ => throw new NotSupportedException($"element type {type}"),
    };

    private ref struct ProtoReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly bool End => _pos >= _data.Length;

        public (int Field, int Wire) ReadTag()
        {
            var tag = ReadVarint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[_pos++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new InvalidDataException("varint too long");
        }

        public ReadOnlySpan<byte> ReadBytes()
        {
            var len = checked((int)ReadVarint());
            var slice = _data.Slice(_pos, len);
            _pos += len;
            return slice;
        }

        public void ReadRepeatedVarint(int wire, Action<ulong> add)
        {
            if (wire == 2)
            {
                var inner = new ProtoReader(ReadBytes());
                while (!inner.End)
                {
                    add(inner.ReadVarint());
                }
            }
            else
            {
                add(ReadVarint());
            }
        }

        public void ReadRepeatedFixed32(int wire, Action<uint> add)
        {
            if (wire == 2)
            {
                var bytes = ReadBytes();
                for (var i = 0; i + 4 <= bytes.Length; i += 4)
                {
                    add(BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]));
                }
            }
            else
            {
                add(BinaryPrimitives.ReadUInt32LittleEndian(_data[_pos..]));
                _pos += 4;
            }
        }

        public void ReadRepeatedFixed64(int wire, Action<ulong> add)
        {
            if (wire == 2)
            {
                var bytes = ReadBytes();
                for (var i = 0; i + 8 <= bytes.Length; i += 8)
                {
                    add(BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]));
                }
            }
            else
            {
                add(BinaryPrimitives.ReadUInt64LittleEndian(_data[_pos..]));
                _pos += 8;
            }
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: ReadVarint(); break;
                case 1: _pos += 8; break;
                case 2: ReadBytes(); break;
                case 5: _pos += 4; break;
                default: throw new InvalidDataException($"unsupported wire type {wire}");
            }
        }
    }
}
