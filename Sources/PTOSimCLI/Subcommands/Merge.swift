import ArgumentParser
import PTOFormats
import PTOCases

extension PTOSimCommand {
    /// `ptosim merge`: joins the shard outputs of a batch computed on several machines into one file.
    public struct Merge: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Join shard outputs (`ptosim run|golden --shard I/N --out FILE`) into one `out` of the whole batch.",
            discussion: """
                Every file must be a shard output of the same run: the same case parameters, seed, producer and \
                shard count. Their request ranges must cover the batch exactly once; an overlap or a missing range \
                is an error naming the files and requests involved. The result holds `out` \
                (F32 [batch, num_heads, head_dim]) with the shards' common metadata, written atomically.
                """)

        @Option(name: .customLong("out"), help: ArgumentHelp("The merged safetensors file to write.", valueName: "file"))
        public var outPath: String

        @Argument(help: ArgumentHelp("Shard files, in any order.", valueName: "shard-file"))
        public var shards: [String] = []

        public init() {}

        public func validate() throws {
            guard !shards.isEmpty else { throw UsageError("give the shard files to merge") }
        }

        public func run() throws {
            InterruptCleanup.install()
            try OutputOptions.checkFile(outPath)
            let merged = try OutputShards.merge(shards)
            try SafeTensorsWriter.write(merged, to: outPath)
            let out = merged[PagedAttentionInputs.TensorName.out]
            print("merged \(shards.count) shard(s) into \(outPath): out \(out?.signature ?? "?")")
        }
    }
}
