import Foundation
import TandemCLI

#if os(Linux)
    // glibc raises its mmap threshold each time a large block is freed, up to 32 MB, so a large
    // check's growing arrays end up inside the heap, which cannot hand their pages back. A fixed
    // threshold keeps blocks of 128 KB and more in their own mappings, returned when freed: at
    // 10,000 teams the peak resident size fell from 126 to 119 MB, in the same time. (`mallopt`
    // is not in Swift's Glibc module, so it is looked up; M_MMAP_THRESHOLD is -3 in malloc.h.)
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-3, 128 << 10)
    }
#endif

exit(Tandem.run(arguments: Array(CommandLine.arguments.dropFirst())))
