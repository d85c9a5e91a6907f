import Foundation
import ZIPFoundation

/// The parts of a ZIP file held in memory, read by name: its central directory parsed here, each
/// part's deflate stream inflated by ZIPFoundation's `Data.decompress` from a provider that
/// hands out only that part's bytes.
///
/// Why not ZIPFoundation's `Archive` for reading (it still writes workbooks): three defects found
/// by the xlsx fuzz target in 0.9.20, the only version available. Its in-memory archive traps on
/// offsets past the data; its file-backed extraction of a deflate stream that does not end before
/// the file does reads nothing, forever (a hang only a timer could stop); and on Linux it gives
/// zlib a full buffer's length for a short last chunk, so a corrupt part is inflated from bytes
/// past its end, and the diagnostics of one workbook differed from run to run. Here every length
/// is checked against the file, the last chunk is padded with zeros to the length zlib is told,
/// a stream still open once its bytes are spent is corrupt, and the checksum and size of what
/// was inflated must match the directory's.
struct ZIPContainer {
    /// One file of the archive, as the central directory records it.
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    /// Why a part could not be taken out.
    enum Failure: Error, Equatable {
        /// Not a ZIP file: no end-of-central-directory record, or a directory outside the file.
        case notZIP
        /// The part's header, length, stream, size or checksum is wrong.
        case corrupt
        /// Encrypted, or compressed other than stored or deflated.
        case unsupported
        /// The part inflates past the most bytes a part may have.
        case tooLarge
    }

    let bytes: Data
    /// Entries by name; the first of two with one name wins, as in ZIPFoundation.
    let entries: [String: Entry]

    /// Reads the central directory of `bytes`.
    init(_ bytes: Data) throws(Failure) {
        self.bytes = bytes
        var entries: [String: Entry] = [:]
        let reader = ByteReader(bytes)
        let directory = try Self.directory(reader)
        var offset = directory.offset
        for _ in 0..<directory.count {
            guard reader.u32(offset) == 0x0201_4B50, let nameLength = reader.u16(offset + 28), let extraLength = reader.u16(offset + 30),
                let commentLength = reader.u16(offset + 32), let nameBytes = reader.slice(offset + 46, Int(nameLength))
            else { throw .notZIP }
            var entry = Entry(
                name: String(decoding: nameBytes, as: UTF8.self), method: reader.u16(offset + 10)!, flags: reader.u16(offset + 8)!, crc32: reader.u32(offset + 16)!,
                compressedSize: UInt64(reader.u32(offset + 20)!), uncompressedSize: UInt64(reader.u32(offset + 24)!), localHeaderOffset: UInt64(reader.u32(offset + 42)!))
            try Self.applyZIP64(&entry, extra: offset + 46 + Int(nameLength), length: Int(extraLength), reader)
            if entries[entry.name] == nil { entries[entry.name] = entry }
            offset += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
        }
        self.entries = entries
    }

    /// The bytes of the part `name`, or nil when the archive has no such part.
    func part(_ name: String, maxBytes: Int) throws(Failure) -> Data? {
        guard let entry = entries[name] else { return nil }
        if entry.flags & 1 != 0 { throw .unsupported }
        let reader = ByteReader(bytes)
        guard entry.localHeaderOffset < UInt64(bytes.count), reader.u32(Int(entry.localHeaderOffset)) == 0x0403_4B50,
            let nameLength = reader.u16(Int(entry.localHeaderOffset) + 26), let extraLength = reader.u16(Int(entry.localHeaderOffset) + 28)
        else { throw .corrupt }
        // The local header names the part as the directory does (a mismatch is a spliced file).
        guard reader.slice(Int(entry.localHeaderOffset) + 30, Int(nameLength)).map({ String(decoding: $0, as: UTF8.self) }) == entry.name else { throw .corrupt }
        let start = Int(entry.localHeaderOffset) + 30 + Int(nameLength) + Int(extraLength)
        guard entry.compressedSize <= UInt64(bytes.count), let stream = reader.slice(start, Int(entry.compressedSize)) else { throw .corrupt }
        guard entry.uncompressedSize <= UInt64(maxBytes) else { throw .tooLarge }
        var out = Data()
        switch entry.method {
        case 0:
            out = Data(stream)
        case 8:
            out = try Self.inflate(stream, maxBytes: maxBytes)
        default:
            throw .unsupported
        }
        guard UInt64(out.count) == entry.uncompressedSize, out.crc32(checksum: 0) == entry.crc32 else { throw .corrupt }
        return out
    }

    /// Inflates a raw deflate stream of exactly `stream`'s bytes.
    static func inflate(_ stream: Data, maxBytes: Int) throws(Failure) -> Data {
        let chunk = 64 << 10
        var out = Data()
        var position = stream.startIndex
        var spent = false
        do {
            _ = try Data.decompress(
                size: Int64(stream.count), bufferSize: chunk, skipCRC32: true,
                provider: { _, _ in
                    // ZIPFoundation tells zlib every chunk is `chunk` bytes long: pad the last.
                    guard !spent else { throw Failure.corrupt }
                    let end = min(position + chunk, stream.endIndex)
                    var piece = Data(stream[position..<end])
                    position = end
                    if piece.count < chunk {
                        piece.append(Data(count: chunk - piece.count))
                        spent = true
                    }
                    return piece
                },
                consumer: { data in
                    out.append(data)
                    // A part inflating past this is a decompression bomb, not a roster.
                    if out.count > maxBytes { throw Failure.tooLarge }
                })
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .corrupt
        }
        return out
    }

    /// The central directory's offset and entry count, from the end-of-central-directory record
    /// (and its ZIP64 form when the plain one is saturated).
    private static func directory(_ reader: ByteReader) throws(Failure) -> (offset: Int, count: Int) {
        // The record is 22 bytes and may be followed by a comment of up to 65,535 bytes.
        let count = reader.data.count
        guard count >= 22 else { throw .notZIP }
        var at = count - 22
        let lowest = max(0, count - 22 - 0xFFFF)
        while at >= lowest, reader.u32(at) != 0x0605_4B50 { at -= 1 }
        guard at >= lowest else { throw .notZIP }
        var entries = UInt64(reader.u16(at + 10)!)
        var offset = UInt64(reader.u32(at + 16)!)
        if entries == 0xFFFF || offset == 0xFFFF_FFFF {
            // The ZIP64 locator sits just before the record and points at the ZIP64 record.
            guard at >= 20, reader.u32(at - 20) == 0x0706_4B50, let record = reader.u64(at - 12), record < UInt64(count),
                reader.u32(Int(record)) == 0x0606_4B50, let total = reader.u64(Int(record) + 32), let start = reader.u64(Int(record) + 48)
            else { throw .notZIP }
            entries = total
            offset = start
        }
        // Each entry takes at least 46 bytes: a count beyond that is a lie, not a loop to run.
        guard offset < UInt64(count), entries <= UInt64(count) / 46 else { throw .notZIP }
        return (Int(offset), Int(entries))
    }

    /// Replaces saturated sizes and offset by those of the entry's ZIP64 extra field.
    private static func applyZIP64(_ entry: inout Entry, extra: Int, length: Int, _ reader: ByteReader) throws(Failure) {
        guard entry.uncompressedSize == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF else { return }
        var at = extra
        while at + 4 <= extra + length, let id = reader.u16(at), let size = reader.u16(at + 2) {
            if id == 0x0001 {
                var field = at + 4
                func next() throws(Failure) -> UInt64 {
                    guard field + 8 <= at + 4 + Int(size), let value = reader.u64(field) else { throw .corrupt }
                    field += 8
                    return value
                }
                if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = try next() }
                if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try next() }
                if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = try next() }
                return
            }
            at += 4 + Int(size)
        }
        throw .corrupt
    }
}

/// Little-endian integers and slices of a buffer, nil past its end.
private struct ByteReader {
    let data: Data

    init(_ data: Data) { self.data = data }

    func slice(_ offset: Int, _ count: Int) -> Data? {
        guard offset >= 0, count >= 0, offset <= data.count - count else { return nil }
        let start = data.startIndex + offset
        return data[start..<start + count]
    }

    func u16(_ offset: Int) -> UInt16? { integer(offset, 2).map { UInt16($0) } }
    func u32(_ offset: Int) -> UInt32? { integer(offset, 4).map { UInt32($0) } }
    func u64(_ offset: Int) -> UInt64? { integer(offset, 8) }

    private func integer(_ offset: Int, _ width: Int) -> UInt64? {
        guard offset >= 0, offset <= data.count - width else { return nil }
        var value: UInt64 = 0
        let start = data.startIndex + offset
        for i in (0..<width).reversed() { value = value << 8 | UInt64(data[start + i]) }
        return value
    }
}
