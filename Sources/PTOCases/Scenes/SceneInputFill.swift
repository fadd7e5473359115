import PTONumerics

/// Fills of scene input tensors from PTOSim's seeded generator, spread over the host's cores (each element depends
/// on its position alone, so the split does not change the values).
public enum SceneInputFill {
    /// Elements one worker fills at a time.
    static let chunk = 1 << 18

    /// `tensor` (fp32) ← `torch.randn(shape) * scale`: standard normal draws of stream `stream` under `seed`, each
    /// multiplied by `scale` in fp32.
    public static func normal(_ tensor: Tensor, seed: UInt64, stream: UInt64, scale: Float,
                              workers: Int = Parallel.defaultWorkers) {
        let rng = CounterRNG(seed: seed, stream: stream)
        let chunks = (tensor.count + chunk - 1) / chunk
        Parallel.forEach(chunks, workers: workers) { i, _ in
            let start = i * chunk, count = min(chunk, tensor.count - start)
            rng.fillNormalF32(tensor.f32 + start, count: count, firstElement: start, scale: scale)
        }
    }
}
