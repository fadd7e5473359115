import PTOCore
import PTORuntime

/// `aiv_softmax_prepare` (func_id 1, AIV): the two-pass softmax of one group of `n_blocks` score tiles.
///
/// Pass 1 finds the group's row max: each fp32 `qRows × blockSize` tile of `sij_buf` (the last one −inf-padded past
/// `valid_len_last`) is reduced with TROWMAX and folded into a running max (TMAX on the 1 × qRows row view of the
/// column), the next tile prefetched into the other UB slot meanwhile; the max is scaled once and stored as `mij`.
/// Pass 2 reloads every tile: p = exp(s·scale − max) rounded to bf16 (CAST_ROUND) and stored to `pij_buf`, and the
/// bf16-rounded p summed element-wise over the blocks; one final TROWSUM gives `lij`.
///
/// Arguments: tensors sij_buf, pij_buf, mij, lij; scalars scale (fp32 bits), n_blocks, valid_len_last.
public struct UnrollSoftmaxPrepare: CoreProgram {
    enum Phase { case start, pass1(Int), maxDone, pass2(Int), finish, done }

    struct Tiles {
        var sij: [Tile], pij: Tile, tmp: Tile, sumAcc: Tile, pijBf16: Tile
        var localMaxDN: Tile, globalMaxDN: Tile, sumDN: Tile
        var localMaxRow: Tile, globalMaxRow: Tile, globalMaxND: Tile
    }

    let shape: UnrollTileShape
    let binder: GMBinder
    let sij: ChipTensor, pij: ChipTensor
    let mij: GMView, lij: GMView
    let scale: Float
    let blockCount: Int, validLenLast: Int
    var phase = Phase.start
    var t: Tiles?

    public init(_ block: BlockContext, _ binder: GMBinder) {
        sij = block.tensor(0)
        shape = .dispatch(qTileRows: sij.shape[0])
        self.binder = binder
        pij = block.tensor(1)
        // mij is stored as ND (qRows/8 × 8), lij as DN (one view row holding the column's qRows values).
        mij = binder.view(block.tensor(2), element: 0, rows: shape.scalarRows, cols: 8, rowStride: 8, .f32)
        lij = binder.view(block.tensor(3), element: 0, rows: 1, cols: shape.qRows, rowStride: shape.qRows, .f32)
        scale = block.float(0)
        blockCount = block.int(1)
        validLenLast = block.int(2)
    }

    func sijView(_ i: Int) -> GMView {
        let m = shape.qRows, n = shape.blockSize
        return binder.view(sij, element: i * m * n, rows: m, cols: n, rowStride: n, .f32)
    }

    func makeTiles(_ core: CoreIssuer) throws -> Tiles {
        let m = shape.qRows, n = shape.blockSize
        let data = m * n * 4, dn = shape.alignedRows * 4, scalars = 5 * data
        func mxn(_ address: Int) throws -> Tile { try Tile.placed(core, .ub, m, n, .f32, at: address) }
        func column(_ address: Int) throws -> Tile {
            try Tile.placed(core, .ub, shape.alignedRows, 1, .f32, .colMajor, validRows: m, at: address)
        }
        return Tiles(
            sij: [try mxn(0), try mxn(data)], pij: try mxn(2 * data), tmp: try mxn(3 * data),
            sumAcc: try mxn(4 * data), pijBf16: try Tile.placed(core, .ub, m, n, .bf16, at: scalars + 3 * dn),
            localMaxDN: try column(scalars), globalMaxDN: try column(scalars + dn), sumDN: try column(scalars + 2 * dn),
            localMaxRow: try Tile.placed(core, .ub, 1, m, .f32, at: scalars),
            globalMaxRow: try Tile.placed(core, .ub, 1, m, .f32, at: scalars + dn),
            globalMaxND: try Tile.placed(core, .ub, shape.scalarRows, 8, .f32, at: scalars + dn))
    }

    /// The last tile of a group with fewer than blockSize valid tokens gets −inf past them.
    func padIfPartial(_ core: CoreIssuer, _ t: Tiles, _ i: Int, _ label: StaticString, _ barrier: StaticString) {
        guard i == blockCount - 1 && validLenLast < shape.blockSize else { return }
        core.tfillpadInplace(t.sij[i % 2], validCols: validLenLast, label: label, detail: i)
        core.pipeBarrier(.pipe(.v), label: barrier, detail: i)
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        switch phase {
        case .start:
            let tiles = try makeTiles(core)
            t = tiles
            core.tload(tiles.sij[0], sijView(0), label: "aiv.sf.p1.tload-s", detail: 0)
            phase = blockCount > 0 ? .pass1(0) : .maxDone
        case let .pass1(i):
            var x = t!
            let cur = i % 2
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.sf.p1.mte2-v", detail: i)
            padIfPartial(core, x, i, "aiv.sf.p1.fillpad", "aiv.sf.p1.pad")
            core.trowmax(x.localMaxDN, x.sij[cur], x.tmp, label: "aiv.sf.p1.rowmax", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p1.rowmax", detail: i)
            if i + 1 < blockCount {
                core.tload(x.sij[1 - cur], sijView(i + 1), label: "aiv.sf.p1.prefetch-s", detail: i + 1)
            }
            core.treshape(&x.localMaxRow, x.localMaxDN)
            if i == 0 {
                core.tmax(x.globalMaxRow, x.localMaxRow, x.localMaxRow, label: "aiv.sf.p1.max", detail: i)
            } else {
                core.tmax(x.globalMaxRow, x.globalMaxRow, x.localMaxRow, label: "aiv.sf.p1.max", detail: i)
            }
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p1.max", detail: i)
            t = x
            phase = i + 1 < blockCount ? .pass1(i + 1) : .maxDone
        case .maxDone:
            var x = t!
            core.tmuls(x.globalMaxRow, x.globalMaxRow, scale, label: "aiv.sf.scale-max", detail: 0)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.scale-max")
            core.treshape(&x.globalMaxDN, x.globalMaxRow)
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.sf.m.v-mte3")
            core.tstore(mij, x.globalMaxND, label: "aiv.sf.tstore-m", detail: 0)
            core.setWaitFlag(.mte3, .mte2, 0, label: "aiv.sf.m.mte3-mte2")
            core.tload(x.sij[0], sijView(0), label: "aiv.sf.p2.tload-s", detail: 0)
            t = x
            phase = blockCount > 0 ? .pass2(0) : .finish
        case let .pass2(i):
            let x = t!
            let cur = i % 2
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.sf.p2.mte2-v", detail: i)
            padIfPartial(core, x, i, "aiv.sf.p2.fillpad", "aiv.sf.p2.pad")
            core.tmuls(x.sij[cur], x.sij[cur], scale, label: "aiv.sf.p2.scale-s", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p2.scale-s", detail: i)
            core.trowexpandsub(x.pij, x.sij[cur], x.globalMaxDN, label: "aiv.sf.p2.sub-max", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p2.sub-max", detail: i)
            core.texp(x.pij, x.pij, label: "aiv.sf.p2.exp", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p2.exp", detail: i)
            core.tcvt(x.pijBf16, x.pij, .castRound, label: "aiv.sf.p2.cvt-bf16", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p2.cvt-bf16", detail: i)
            core.tcvt(x.pij, x.pijBf16, .castRound, label: "aiv.sf.p2.cvt-f32", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p2.cvt-f32", detail: i)
            if i == 0 {
                core.tmuls(x.sumAcc, x.pij, 1, label: "aiv.sf.p2.sum", detail: i)
            } else {
                core.tadd(x.sumAcc, x.sumAcc, x.pij, label: "aiv.sf.p2.sum", detail: i)
            }
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.p2.sum", detail: i)
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.sf.p2.v-mte3", detail: i)
            let m = shape.qRows, n = shape.blockSize
            core.tstore(binder.view(pij, element: i * m * n, rows: m, cols: n, rowStride: n, .bf16), x.pijBf16,
                        label: "aiv.sf.p2.tstore-p", detail: i)
            if i + 1 < blockCount {
                core.setWaitFlag(.mte3, .mte2, 0, label: "aiv.sf.p2.mte3-mte2", detail: i)
                core.tload(x.sij[1 - cur], sijView(i + 1), label: "aiv.sf.p2.prefetch-s", detail: i + 1)
            }
            phase = i + 1 < blockCount ? .pass2(i + 1) : .finish
        case .finish:
            let x = t!
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.rowsum")
            core.trowsum(x.sumDN, x.sumAcc, x.tmp, label: "aiv.sf.rowsum", detail: 0)
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.sf.l.v-mte3")
            core.tstore(lij, x.sumDN, label: "aiv.sf.tstore-l", detail: 0)
            core.setWaitFlag(.mte3, .s, 7, label: "aiv.sf.mte3-s")
            phase = .done
        case .done:
            return false
        }
        return true
    }
}
