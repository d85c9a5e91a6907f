import Foundation
import TestSupport
import Testing

@testable import Import

/// The workbook reader's ZIP container: every part of a well-formed archive comes out whole, and
/// every kind of damage is one of four failures, said at once (never a hang, a trap, or bytes
/// read from past the part).
@Suite struct ZIPContainerTests {
    /// A workbook written by Tandem's own writer (ZIPFoundation, deflated), as bytes.
    static func written(rows: [[String]] = [["p1", "Ana"]]) throws -> Data {
        let url = Scratch.root.appendingPathComponent("zip-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Workbook.write([(name: "people", headers: ["id", "name"], rows: rows, choices: [:])], readme: [["people", "id", "an id"]], to: url)
        return try Data(contentsOf: url)
    }

    static func patch(_ data: Data, at offset: Int, _ bytes: [UInt8]) -> Data {
        var copy = data
        for (i, byte) in bytes.enumerated() { copy[copy.startIndex + offset + i] = byte }
        return copy
    }

    static func le(_ value: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// The offset of the central directory record of `name` in `data`.
    static func directoryRecord(of name: String, in data: Data) -> Int {
        let bytes = [UInt8](data)
        let wanted = [UInt8](name.utf8)
        for i in 0..<(bytes.count - 46) where bytes[i..<i + 4] == [0x50, 0x4B, 0x01, 0x02] {
            let length = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
            if Array(bytes[i + 46..<i + 46 + length]) == wanted { return i }
        }
        return -1
    }

    /// The failure `body` ends with, or nil when it returns.
    static func failure(_ body: () throws -> Void) -> ZIPContainer.Failure? {
        do {
            try body()
            return nil
        } catch {
            return error as? ZIPContainer.Failure
        }
    }

    @Test func everyPartOfAWrittenWorkbookComesOutWhole() throws {
        let archive = try ZIPContainer(Self.written())
        #expect(
            Set(archive.entries.keys) == [
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            ])
        let workbook = try #require(try archive.part("xl/workbook.xml", maxBytes: 1 << 20))
        #expect(String(decoding: workbook, as: UTF8.self).contains("<sheet name=\"people\" sheetId=\"1\" r:id=\"rId1\"/>"))
        let sheet = try #require(try archive.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20))
        #expect(String(decoding: sheet, as: UTF8.self).contains("<t xml:space=\"preserve\">Ana</t>"))
        #expect(try archive.part("xl/styles.xml", maxBytes: 1 << 20) == nil)
    }

    @Test func aPartOfManyChunksInflatesToItsText() throws {
        // 20,000 rows of distinct ids: a stream of several 64 KB chunks.
        let rows = (0..<20_000).map { ["p\($0 * 7919 % 100_003)", "name \($0)"] }
        let data = try Self.written(rows: rows)
        let archive = try ZIPContainer(data)
        let entry = try #require(archive.entries["xl/worksheets/sheet1.xml"])
        #expect(entry.compressedSize > 3 * 65_536)
        let sheet = try #require(try archive.part("xl/worksheets/sheet1.xml", maxBytes: 64 << 20))
        #expect(UInt64(sheet.count) == entry.uncompressedSize)
        #expect(String(decoding: sheet, as: UTF8.self).hasSuffix("</sheetData></worksheet>"))
    }

    @Test func damageToAPartIsCorruptAndOtherPartsStillRead() throws {
        let data = try Self.written()
        let archive = try ZIPContainer(data)
        let entry = try #require(archive.entries["xl/worksheets/sheet1.xml"])
        let stream = Int(entry.localHeaderOffset) + 30 + "xl/worksheets/sheet1.xml".utf8.count
        // A flipped byte in the middle of the stream: a bad stream or a bad checksum.
        let middle = stream + Int(entry.compressedSize) / 2
        let flipped = try ZIPContainer(Self.patch(data, at: middle, [data[data.startIndex + middle] ^ 0x5A]))
        #expect(Self.failure { _ = try flipped.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20) } == .corrupt)
        #expect(try flipped.part("xl/workbook.xml", maxBytes: 1 << 20) != nil)
        // A stream cut short (the directory's compressed size halved): it does not end before its
        // bytes do, which made ZIPFoundation read nothing forever.
        let record = Self.directoryRecord(of: "xl/worksheets/sheet1.xml", in: data)
        let short = try ZIPContainer(Self.patch(data, at: record + 20, Self.le(entry.compressedSize / 2, 4)))
        #expect(Self.failure { _ = try short.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20) } == .corrupt)
        // A wrong checksum in the directory, with an intact stream.
        let checksum = try ZIPContainer(Self.patch(data, at: record + 16, Self.le(UInt64(entry.crc32 ^ 1), 4)))
        #expect(Self.failure { _ = try checksum.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20) } == .corrupt)
        // A local header naming another part than the directory does.
        let renamed = try ZIPContainer(Self.patch(data, at: Int(entry.localHeaderOffset) + 30, Array("xx".utf8)))
        #expect(Self.failure { _ = try renamed.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20) } == .corrupt)
        // A local header offset past the end of the file.
        let far = try ZIPContainer(Self.patch(data, at: record + 42, Self.le(UInt64(data.count + 10), 4)))
        #expect(Self.failure { _ = try far.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20) } == .corrupt)
        // A compressed size running past the end of the file.
        let long = try ZIPContainer(Self.patch(data, at: record + 20, Self.le(UInt64(data.count), 4)))
        #expect(Self.failure { _ = try long.part("xl/worksheets/sheet1.xml", maxBytes: 1 << 20) } == .corrupt)
    }

    @Test func encryptionOtherMethodsAndBombsAreRefusedByName() throws {
        let data = try Self.written()
        let record = Self.directoryRecord(of: "xl/workbook.xml", in: data)
        let encrypted = try ZIPContainer(Self.patch(data, at: record + 8, [0x01, 0x00]))
        #expect(Self.failure { _ = try encrypted.part("xl/workbook.xml", maxBytes: 1 << 20) } == .unsupported)
        let bzip2 = try ZIPContainer(Self.patch(data, at: record + 10, [12, 0]))
        #expect(Self.failure { _ = try bzip2.part("xl/workbook.xml", maxBytes: 1 << 20) } == .unsupported)
        let archive = try ZIPContainer(data)
        let size = try #require(archive.entries["xl/workbook.xml"]).uncompressedSize
        #expect(Self.failure { _ = try archive.part("xl/workbook.xml", maxBytes: Int(size) - 1) } == .tooLarge)
        // A directory understating the inflated size: the limit holds while inflating.
        let understated = try ZIPContainer(Self.patch(data, at: record + 24, Self.le(10, 4)))
        #expect(Self.failure { _ = try understated.part("xl/workbook.xml", maxBytes: 100) } == .tooLarge)
        #expect(Self.failure { _ = try understated.part("xl/workbook.xml", maxBytes: 1 << 20) } == .corrupt)
        // The catalogue (and docs/diagnostics.md) states the reader's limit.
        #expect(ImportDiagnostics.unreadable.summary.contains("past \(Workbook.maxPartBytes >> 20) MB"))
    }

    @Test func aFileWithoutADirectoryIsNoZIP() throws {
        let data = try Self.written()
        #expect(Self.failure { _ = try ZIPContainer(Data("name,asOf\n".utf8)) } == .notZIP)
        #expect(Self.failure { _ = try ZIPContainer(Data()) } == .notZIP)
        #expect(Self.failure { _ = try ZIPContainer(data.prefix(data.count - 30)) } == .notZIP)
        // An entry count no directory of this size can hold is refused, not looped over.
        let end = data.count - 22
        #expect(Self.failure { _ = try ZIPContainer(Self.patch(data, at: end + 8, [0xFE, 0xFF, 0xFE, 0xFF])) } == .notZIP)
        // A comment after the end record is allowed (up to 65,535 bytes).
        var commented = Self.patch(data, at: end + 20, Self.le(5, 2))
        commented.append(contentsOf: Array("hello".utf8))
        #expect(try ZIPContainer(commented).part("xl/workbook.xml", maxBytes: 1 << 20) != nil)
    }

    /// A stored part whose sizes and offset live in a ZIP64 extra field, behind a ZIP64 end record.
    @Test func zip64SizesAndDirectoryAreRead() throws {
        let name = Array("xl/workbook.xml".utf8)
        let content = Array("<workbook/>".utf8)
        let crc = Self.crc32(content)
        var file: [UInt8] = []
        file += [0x50, 0x4B, 0x03, 0x04] + Self.le(45, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 4) + Self.le(UInt64(crc), 4)
        file += Self.le(0xFFFF_FFFF, 4) + Self.le(0xFFFF_FFFF, 4) + Self.le(UInt64(name.count), 2) + Self.le(0, 2) + name + content
        let directory = file.count
        let extra = Self.le(1, 2) + Self.le(24, 2) + Self.le(UInt64(content.count), 8) + Self.le(UInt64(content.count), 8) + Self.le(0, 8)
        file += [0x50, 0x4B, 0x01, 0x02] + Self.le(45, 2) + Self.le(45, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 4) + Self.le(UInt64(crc), 4)
        file += Self.le(0xFFFF_FFFF, 4) + Self.le(0xFFFF_FFFF, 4) + Self.le(UInt64(name.count), 2) + Self.le(UInt64(extra.count), 2) + Self.le(0, 2)
        file += Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 4) + Self.le(0xFFFF_FFFF, 4) + name + extra
        let size = file.count - directory
        let record64 = file.count
        file += [0x50, 0x4B, 0x06, 0x06] + Self.le(44, 8) + Self.le(45, 2) + Self.le(45, 2) + Self.le(0, 4) + Self.le(0, 4)
        file += Self.le(1, 8) + Self.le(1, 8) + Self.le(UInt64(size), 8) + Self.le(UInt64(directory), 8)
        file += [0x50, 0x4B, 0x06, 0x07] + Self.le(0, 4) + Self.le(UInt64(record64), 8) + Self.le(1, 4)
        file += [0x50, 0x4B, 0x05, 0x06] + Self.le(0, 2) + Self.le(0, 2) + Self.le(0xFFFF, 2) + Self.le(0xFFFF, 2) + Self.le(0xFFFF_FFFF, 4) + Self.le(0xFFFF_FFFF, 4) + Self.le(0, 2)
        let archive = try ZIPContainer(Data(file))
        #expect(try archive.part("xl/workbook.xml", maxBytes: 1 << 20) == Data(content))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
