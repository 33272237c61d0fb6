/// Our own unpickler: a stack machine over the opcodes of pickle protocols 0–5. It never imports or calls
/// anything: globals resolve against `KnownGlobal` (tensor and container reconstructors, dtypes, storages) and
/// everything else becomes an inert record. Every count, length, index and depth a file claims is checked.
struct PickleMachine {
    struct Limits: Sendable {
        var maxStack = 1 << 20
        var maxMarks = 1 << 14
        var maxDepth = 200
        /// Values materialized over the whole run, bounding exponential expansion of shared containers: a fixed
        /// allowance plus a few per input byte (real pickles share only small things: storage classes, devices;
        /// a checkpoint's pickle spends well over one byte per value it holds, so 16 per byte is generous).
        var baseNodes = 1 << 16
        var nodesPerInputByte = 16
        /// Bytes of a single LONG1/LONG4 integer.
        var maxLongBytes = 1024
        var maxTensorRank = 64
    }

    /// Turns a persistent id (the pickled tuple naming a storage) into a value, usually `.storage`.
    typealias PersistentLoad = (_ id: PickleValue, _ offset: Int) throws -> PickleValue

    private(set) var reader: PickleReader
    let limits: Limits
    private let persistentLoad: PersistentLoad
    private var stack: [PickleItem] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleItem] = [:]
    /// Everything popped, kept until the run ends so `releaseItems` can free it without deep recursion.
    private var retired: [PickleItem] = []
    private var freezer: PickleFreezer
    private(set) var protocolVersion = 0
    private var context: ErrorContext { reader.context }

    init(reader: PickleReader, limits: Limits = Limits(), persistentLoad: @escaping PersistentLoad) {
        self.reader = reader
        self.limits = limits
        self.persistentLoad = persistentLoad
        let perByte = reader.source.size.multipliedReportingOverflow(by: limits.nodesPerInputByte)
        let total = limits.baseNodes.addingReportingOverflow(perByte.partialValue)
        freezer = PickleFreezer(maxDepth: limits.maxDepth,
                                remainingNodes: perByte.overflow || total.overflow ? Int.max : total.partialValue,
                                context: reader.context)
    }

    /// Unpickles a standalone pickle held in memory; persistent ids are refused.
    static func unpickle(_ bytes: [UInt8], file: String = "<memory>", key: String? = nil) throws -> PickleValue {
        let context = ErrorContext(file: file, key: key)
        var machine = PickleMachine(reader: PickleReader(source: MemoryBytes(bytes: bytes, context: context),
                                                         context: context)) { _, offset in
            throw context.error(.malformedPickle, offset: offset, "persistent id in a pickle that allows none")
        }
        return try machine.run()
    }

    /// Runs to STOP and returns the value on top of the stack; `reader.position` is then just past the STOP.
    mutating func run() throws -> PickleValue {
        defer { releaseItems() }
        while true {
            let offset = reader.position
            let code = try reader.byte()
            guard let op = PickleOpcode(rawValue: code) else {
                throw fail(.malformedPickle, offset, "unknown opcode 0x\(String(code, radix: 16))")
            }
            if op == .stop {
                guard let top = stack.last else { throw fail(.malformedPickle, offset, "STOP on an empty stack") }
                return try freeze(top, offset)
            }
            try execute(op, at: offset)
        }
    }

    // MARK: - Opcodes

    private mutating func execute(_ op: PickleOpcode, at offset: Int) throws {
        switch op {
        case .stop:
            break  // handled by run()
        case .proto:
            let version = Int(try reader.byte())
            guard version <= 5 else { throw fail(.unsupportedOpcode, offset, "pickle protocol \(version) (> 5)") }
            protocolVersion = version
        case .frame:
            let length = try reader.littleEndian(UInt64.self)
            guard length <= UInt64(reader.remaining) else {
                throw fail(.truncated, offset, "FRAME of \(length) bytes but only \(reader.remaining) remain")
            }
        case .mark:
            guard marks.count < limits.maxMarks else {
                throw fail(.stackOverflow, offset, "more than \(limits.maxMarks) open MARKs")
            }
            marks.append(stack.count)
        case .pop:
            if let mark = marks.last, mark == stack.count {
                marks.removeLast()
            } else {
                _ = try pop(offset)
            }
        case .popMark:
            _ = try popToMark(offset)
        case .dup:
            try push(try top(offset), offset)

        // Scalars
        case .none: try push(.value(.none), offset)
        case .newTrue: try push(.value(.bool(true)), offset)
        case .newFalse: try push(.value(.bool(false)), offset)
        case .binInt: try push(.value(.int(Int64(try reader.littleEndian(Int32.self)))), offset)
        case .binInt1: try push(.value(.int(Int64(try reader.byte()))), offset)
        case .binInt2: try push(.value(.int(Int64(try reader.littleEndian(UInt16.self)))), offset)
        case .int: try push(.value(try textInt(try lineString(offset), offset)), offset)
        case .long:
            var text = try lineString(offset)
            if text.hasSuffix("L") { text.removeLast() }
            try push(.value(try textInt(text, offset)), offset)
        case .long1:
            let count = Int(try reader.byte())
            try push(.value(PickleIntegers.decode(littleEndian: try reader.bytes(count))), offset)
        case .long4:
            let count = Int(try reader.littleEndian(Int32.self))
            guard count >= 0, count <= limits.maxLongBytes else {
                throw fail(.lengthTooLarge, offset, "LONG4 of \(count) bytes (limit \(limits.maxLongBytes))")
            }
            try push(.value(PickleIntegers.decode(littleEndian: try reader.bytes(count))), offset)
        case .float:
            let text = try lineString(offset)
            guard let value = Double(text.trimmingWhitespace) else {
                throw fail(.malformedPickle, offset, "FLOAT '\(text.prefix(40))' is not a number")
            }
            try push(.value(.float(value)), offset)
        case .binFloat:
            try push(.value(.float(Double(bitPattern: UInt64(bigEndianBytes: try reader.bytes(8))))), offset)

        // Strings and bytes
        case .string:
            try push(.value(.string(PickleText.latin1(try PickleText.unquote(try reader.line(), offset: offset,
                                                                                context: context)))), offset)
        case .binString: try push(.value(.string(PickleText.latin1(try reader.bytes(try length32(offset))))), offset)
        case .shortBinString: try push(.value(.string(PickleText.latin1(try reader.bytes(Int(try reader.byte()))))), offset)
        case .unicode: try push(.value(.string(PickleText.rawUnicodeEscape(try reader.line()))), offset)
        case .binUnicode: try push(.value(.string(try utf8(try reader.bytes(try length32(offset)), offset))), offset)
        case .shortBinUnicode: try push(.value(.string(try utf8(try reader.bytes(Int(try reader.byte())), offset))), offset)
        case .binUnicode8: try push(.value(.string(try utf8(try reader.bytes(try length64(offset)), offset))), offset)
        case .binBytes: try push(.value(.bytes(try reader.bytes(try length32(offset)))), offset)
        case .shortBinBytes: try push(.value(.bytes(try reader.bytes(Int(try reader.byte())))), offset)
        case .binBytes8, .byteArray8: try push(.value(.bytes(try reader.bytes(try length64(offset)))), offset)

        // Containers
        case .emptyTuple: try push(.tuple(TupleBox()), offset)
        case .tuple: try push(.tuple(TupleBox(try popToMark(offset))), offset)
        case .tuple1: try push(.tuple(TupleBox(try pop(1, offset))), offset)
        case .tuple2: try push(.tuple(TupleBox(try pop(2, offset))), offset)
        case .tuple3: try push(.tuple(TupleBox(try pop(3, offset))), offset)
        case .emptyList: try push(.list(ListBox()), offset)
        case .list: try push(.list(ListBox(try popToMark(offset))), offset)
        case .emptyDict: try push(.dict(DictBox()), offset)
        case .dict:
            let box = DictBox()
            try setItems(try popToMark(offset), into: box, offset)
            try push(.dict(box), offset)
        case .emptySet: try push(.set(ListBox()), offset)
        case .frozenSet: try push(.frozenSet(TupleBox(try popToMark(offset))), offset)
        case .append:
            let value = try pop(offset)
            try append([value], to: try top(offset), offset)
        case .appends:
            let values = try popToMark(offset)
            try append(values, to: try top(offset), offset)
        case .setItem:
            let value = try pop(offset)
            let key = try pop(offset)
            try setItems([key, value], into: try top(offset), offset)
        case .setItems:
            let items = try popToMark(offset)
            try setItems(items, into: try top(offset), offset)
        case .addItems:
            let items = try popToMark(offset)
            guard case .set(let box) = try top(offset) else {
                throw fail(.malformedPickle, offset, "ADDITEMS on something that is not a set")
            }
            box.items += items

        // Memo
        case .put: try store(try decimal(try lineString(offset), offset), offset)
        case .binPut: try store(Int(try reader.byte()), offset)
        case .longBinPut: try store(Int(try reader.littleEndian(UInt32.self)), offset)
        case .memoize: try store(memo.count, offset)
        case .get: try fetch(try decimal(try lineString(offset), offset), offset)
        case .binGet: try fetch(Int(try reader.byte()), offset)
        case .longBinGet: try fetch(Int(try reader.littleEndian(UInt32.self)), offset)

        // Globals, calls and objects
        case .global:
            let module = try lineString(offset)
            let name = try lineString(offset)
            try push(try global(module: module, name: name, offset), offset)
        case .stackGlobal:
            let name = try pop(offset)
            let module = try pop(offset)
            guard case .value(.string(let m)) = module, case .value(.string(let n)) = name else {
                throw fail(.malformedPickle, offset, "STACK_GLOBAL needs two strings")
            }
            try push(try global(module: m, name: n, offset), offset)
        case .reduce:
            let arguments = try pop(offset)
            let callable = try pop(offset)
            guard case .tuple(let args) = arguments else {
                throw fail(.malformedPickle, offset, "REDUCE arguments are not a tuple")
            }
            try push(try call(callable, args.items, offset), offset)
        case .newObj:
            let arguments = try pop(offset)
            let cls = try pop(offset)
            guard case .tuple(let args) = arguments else {
                throw fail(.malformedPickle, offset, "NEWOBJ arguments are not a tuple")
            }
            try push(try call(cls, args.items, offset), offset)
        case .newObjEx:
            let keywords = try pop(offset)
            let arguments = try pop(offset)
            let cls = try pop(offset)
            guard case .tuple(let box) = arguments else {
                throw fail(.malformedPickle, offset, "NEWOBJ_EX arguments are not a tuple")
            }
            var args = box.items
            if case .dict(let box) = keywords, !box.entries.isEmpty { args.append(keywords) }
            try push(try call(cls, args, offset), offset)
        case .inst:
            let module = try lineString(offset)
            let name = try lineString(offset)
            let args = try popToMark(offset)
            try push(try call(try global(module: module, name: name, offset), args, offset), offset)
        case .obj:
            let items = try popToMark(offset)
            guard let cls = items.first else { throw fail(.malformedPickle, offset, "OBJ without a class") }
            try push(try call(cls, Array(items.dropFirst()), offset), offset)
        case .build:
            let state = try pop(offset)
            if case .object(let box) = try top(offset) { box.state = state }
            // BUILD on a dict sets attributes (an OrderedDict's `_metadata`), on a tensor its Python state:
            // neither changes the data, so both are dropped.
        case .persId:
            let id = PickleValue.string(try lineString(offset))
            try push(.value(try persistentLoad(id, offset)), offset)
        case .binPersId:
            let id = try freeze(try pop(offset), offset)
            try push(.value(try persistentLoad(id, offset)), offset)

        // Not found in checkpoints, and not safe to emulate
        case .ext1, .ext2, .ext4:
            throw fail(.unsupportedOpcode, offset, "extension-registry opcode \(op) (copyreg extension codes)")
        case .nextBuffer:
            throw fail(.unsupportedOpcode, offset, "NEXT_BUFFER: out-of-band buffers are not part of a checkpoint")
        case .readOnlyBuffer:
            _ = try top(offset)
        }
    }

    // MARK: - Stack, marks and memo

    private mutating func releaseItems() {
        let items = stack + Array(memo.values) + retired
        retired = []
        stack = []
        marks = []
        memo = [:]
        PickleItemDismantler.dismantle(items)
    }

    private mutating func push(_ item: PickleItem, _ offset: Int) throws {
        guard stack.count < limits.maxStack else {
            throw fail(.stackOverflow, offset, "more than \(limits.maxStack) values on the pickle stack")
        }
        stack.append(item)
    }

    private mutating func pop(_ offset: Int) throws -> PickleItem {
        guard stack.count > (marks.last ?? 0), let item = stack.popLast() else {
            throw fail(.malformedPickle, offset, "stack underflow")
        }
        retired.append(item)
        return item
    }

    private mutating func pop(_ count: Int, _ offset: Int) throws -> [PickleItem] {
        guard stack.count - (marks.last ?? 0) >= count else { throw fail(.malformedPickle, offset, "stack underflow") }
        let items = Array(stack.suffix(count))
        stack.removeLast(count)
        retired += items
        return items
    }

    private func top(_ offset: Int) throws -> PickleItem {
        guard stack.count > (marks.last ?? 0), let item = stack.last else {
            throw fail(.malformedPickle, offset, "stack underflow")
        }
        return item
    }

    private mutating func popToMark(_ offset: Int) throws -> [PickleItem] {
        guard let mark = marks.popLast() else { throw fail(.malformedPickle, offset, "no MARK to pop to") }
        guard mark <= stack.count else { throw fail(.malformedPickle, offset, "MARK above the stack top") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        retired += items
        return items
    }

    private mutating func store(_ index: Int, _ offset: Int) throws {
        guard index >= 0 else { throw fail(.invalidMemo, offset, "negative memo index \(index)") }
        memo[index] = try top(offset)
    }

    private mutating func fetch(_ index: Int, _ offset: Int) throws {
        guard let item = memo[index] else {
            throw fail(.invalidMemo, offset, "memo index \(index) was never stored (memo holds \(memo.count))")
        }
        try push(item, offset)
    }

    // MARK: - Container mutation

    private func append(_ values: [PickleItem], to target: PickleItem, _ offset: Int) throws {
        switch target {
        case .list(let box):
            for case .list(let inner) in values where inner.nesting >= box.nesting {
                box.nesting = inner.nesting + 1
                guard box.nesting <= limits.maxDepth else {
                    throw fail(.nestingTooDeep, offset,
                               "values nested deeper than \(limits.maxDepth) levels (or containing themselves)")
                }
            }
            box.items += values
        case .object(let box): box.listItems += values
        default: throw fail(.malformedPickle, offset, "APPEND to something that is not a list")
        }
    }

    private func setItems(_ items: [PickleItem], into target: PickleItem, _ offset: Int) throws {
        switch target {
        case .dict(let box): try setItems(items, into: box, offset)
        case .object(let box): try setItems(items, into: box.dictItems, offset)
        default: throw fail(.malformedPickle, offset, "SETITEM on something that is not a dict")
        }
    }

    private func setItems(_ items: [PickleItem], into box: DictBox, _ offset: Int) throws {
        guard items.count % 2 == 0 else { throw fail(.malformedPickle, offset, "odd number of dict items") }
        for i in stride(from: 0, to: items.count, by: 2) { box.set(items[i], items[i + 1]) }
    }

    // MARK: - Globals and calls

    private func global(module: String, name: String, _ offset: Int) throws -> PickleItem {
        if KnownGlobal.isForbidden(module: module, name: name) {
            throw fail(.forbiddenGlobal, offset,
                       "the pickle names \(module).\(name), which exists to run code; refused (nothing was run)")
        }
        if case .dtype(let dtype) = KnownGlobal(module: module, name: name) { return .value(.dtype(dtype)) }
        return .value(.global(module: module, name: name))
    }

    /// REDUCE/NEWOBJ/INST/OBJ: known reconstructors are interpreted, anything else becomes an inert object.
    private mutating func call(_ callable: PickleItem, _ args: [PickleItem], _ offset: Int,
                               depth: Int = 0) throws -> PickleItem {
        guard depth < limits.maxDepth else {
            throw fail(.nestingTooDeep, offset, "reconstructor calls nested deeper than \(limits.maxDepth)")
        }
        guard case .value(.global(let module, let name)) = callable else {
            throw fail(.malformedPickle, offset, "call of something that is not a global")
        }
        guard let known = KnownGlobal(module: module, name: name) else {
            return .object(ObjectBox(module: module, name: name, arguments: args))
        }
        switch known {
        case .rebuildTensorV2:
            return .value(.tensor(try tensor(args, explicitDType: false, offset)))
        case .rebuildTensorV3:
            return .value(.tensor(try tensor(args, explicitDType: true, offset)))
        case .rebuildParameter, .rebuildParameterWithState:
            // The parameter wrapper adds requires_grad, hooks and Python state; the data is the first argument.
            if let data = args.first, case .value(.tensor) = data { return data }
            return .object(ObjectBox(module: module, name: name, arguments: args))
        case .rebuildFromTypeV2:
            // (function, tensor subclass, arguments, state): the function rebuilds the tensor; the subclass and
            // its state are Python-side decoration.
            guard args.count >= 3, case .tuple(let inner) = args[2] else {
                throw fail(.malformedPickle, offset, "_rebuild_from_type_v2 without an argument tuple")
            }
            return try call(args[0], inner.items, offset, depth: depth + 1)
        case .copyregReconstructor:
            guard let cls = args.first else { throw fail(.malformedPickle, offset, "\(name) without a class") }
            return try call(cls, Array(args.dropFirst()), offset, depth: depth + 1)
        case .orderedDict, .builtinDict:
            let box = DictBox()
            if let source = args.first {
                switch source {
                case .dict(let other): for entry in other.entries { box.set(entry.key, entry.value) }
                default:
                    for pair in try elements(source, offset) {
                        guard case .tuple(let kv) = pair, kv.items.count == 2 else {
                            throw fail(.malformedPickle, offset, "\(name) item is not a (key, value) pair")
                        }
                        box.set(kv.items[0], kv.items[1])
                    }
                }
            }
            return .dict(box)
        case .torchSize, .builtinTuple:
            return .tuple(TupleBox(try args.first.map { try elements($0, offset) } ?? []))
        case .builtinList:
            return .list(ListBox(try args.first.map { try elements($0, offset) } ?? []))
        case .builtinSet:
            return .set(ListBox(try args.first.map { try elements($0, offset) } ?? []))
        case .builtinFrozenSet:
            return .frozenSet(TupleBox(try args.first.map { try elements($0, offset) } ?? []))
        case .codecsEncode, .builtinBytes, .builtinByteArray:
            return .value(.bytes(try encodedBytes(args, offset)))
        case .typedStorage, .untypedStorage, .dtype:
            return .object(ObjectBox(module: module, name: name, arguments: args))
        }
    }

    private func elements(_ item: PickleItem, _ offset: Int) throws -> [PickleItem] {
        switch item {
        case .tuple(let box), .frozenSet(let box): return box.items
        case .list(let box), .set(let box): return box.items
        default: throw fail(.malformedPickle, offset, "expected a sequence")
        }
    }

    /// `_codecs.encode(text, 'latin1')` is how protocol 2 stores `bytes`; `bytes(...)`/`bytearray(...)` likewise.
    private mutating func encodedBytes(_ args: [PickleItem], _ offset: Int) throws -> [UInt8] {
        let values = try args.map { try freeze($0, offset) }
        guard let first = values.first else { return [] }
        switch first {
        case .bytes(let b): return b
        case .string(let text):
            let encoding = (values.count > 1 ? values[1].stringValue : nil)?.lowercased() ?? "utf-8"
            switch encoding {
            case "latin1", "latin-1", "iso-8859-1", "iso8859-1":
                var out: [UInt8] = []
                for scalar in text.unicodeScalars {
                    guard scalar.value < 256 else {
                        throw fail(.malformedPickle, offset, "character beyond latin-1 in latin-1 bytes")
                    }
                    out.append(UInt8(scalar.value))
                }
                return out
            case "utf-8", "utf8", "ascii":
                return Array(text.utf8)
            default:
                throw fail(.malformedPickle, offset, "bytes in unsupported encoding '\(encoding)'")
            }
        case .list(let items), .tuple(let items):
            return try items.map { item in
                guard let v = item.intValue, (0...255).contains(v) else {
                    throw fail(.malformedPickle, offset, "bytes from a list of non-bytes")
                }
                return UInt8(v)
            }
        default:
            throw fail(.malformedPickle, offset, "cannot make bytes from \(first)")
        }
    }

    // MARK: - Tensors

    /// `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])` and
    /// `_rebuild_tensor_v3(…, hooks, dtype[, metadata])`: geometry is validated here (ranks, signs, overflow);
    /// bounds against the storage are checked by the checkpoint, which knows the tensor's name.
    private mutating func tensor(_ args: [PickleItem], explicitDType: Bool, _ offset: Int) throws -> TensorRecord {
        let needed = explicitDType ? 7 : 4
        guard args.count >= needed else {
            throw fail(.invalidTensor, offset, "tensor reconstructor with \(args.count) arguments (needs \(needed))")
        }
        let values = try args.prefix(needed).map { try freeze($0, offset) }
        guard case .storage(let storage) = values[0] else {
            throw fail(.invalidTensor, offset, "tensor whose first argument is not a storage: \(values[0])")
        }
        guard let rawOffset = values[1].intValue, rawOffset >= 0, rawOffset <= Int64(Int32.max) * 1024 else {
            throw fail(.invalidTensor, offset, "tensor storage offset \(values[1]) is not a non-negative integer")
        }
        let shape = try integers(values[2], "size", offset)
        let strides = try integers(values[3], "stride", offset)
        guard shape.count == strides.count else {
            throw fail(.invalidTensor, offset, "tensor with \(shape.count) sizes but \(strides.count) strides")
        }
        guard shape.count <= limits.maxTensorRank else {
            throw fail(.invalidTensor, offset, "tensor of rank \(shape.count) (limit \(limits.maxTensorRank))")
        }
        var dtype = storage.dtype
        if explicitDType {
            guard case .dtype(let explicit) = values[6] else {
                throw fail(.invalidTensor, offset, "_rebuild_tensor_v3 dtype argument is \(values[6])")
            }
            dtype = explicit
        }
        let storageOffset = Int(rawOffset)
        var storageBytes = storage.byteCount
        var storageBase = 0
        if let view = storage.view {
            // Legacy storage views: the tensor addresses the view, which starts `view.offset` elements in.
            storageBase = view.offset * storage.dtype.byteSize
            storageBytes = view.count * storage.dtype.byteSize
        }
        // Overflow-checked element count and span end, so later arithmetic on validated records is safe.
        var count = 1
        var last = storageOffset
        for (size, stride) in zip(shape, strides) {
            guard size >= 0, stride >= 0 else {
                throw fail(.invalidTensor, offset, "negative size or stride in shape \(shape) strides \(strides)")
            }
            let (c, o1) = count.multipliedReportingOverflow(by: size)
            let (step, o2) = max(size - 1, 0).multipliedReportingOverflow(by: stride)
            let (l, o3) = last.addingReportingOverflow(step)
            guard !o1, !o2, !o3 else { throw fail(.invalidTensor, offset, "tensor geometry overflows: \(shape)") }
            count = c
            last = l
        }
        let (endBytes, o4) = (last + 1).multipliedReportingOverflow(by: 16)
        guard !o4, endBytes < Int.max / 2 else {
            throw fail(.invalidTensor, offset, "tensor geometry overflows: \(shape)")
        }
        return TensorRecord(dtype: dtype, shape: shape, strides: strides, storageOffset: storageOffset,
                            storageKey: storage.key, storageByteCount: storageBytes, storageByteBase: storageBase)
    }

    private func integers(_ value: PickleValue, _ what: String, _ offset: Int) throws -> [Int] {
        guard let items = value.sequenceItems else {
            throw fail(.invalidTensor, offset, "tensor \(what) is \(value), not a tuple")
        }
        return try items.map { item in
            guard let v = item.intValue, v >= Int64(Int32.min) * 1024, v <= Int64(Int32.max) * 1024 else {
                throw fail(.invalidTensor, offset, "tensor \(what) entry \(item) is not a reasonable integer")
            }
            return Int(v)
        }
    }

    // MARK: - Helpers

    private mutating func freeze(_ item: PickleItem, _ offset: Int) throws -> PickleValue {
        try freezer.freeze(item, offset: offset)
    }

    private mutating func lineString(_ offset: Int) throws -> String {
        let line = try reader.line()
        guard let text = String(validating: line, as: UTF8.self) else {
            throw fail(.malformedPickle, offset, "text argument is not UTF-8")
        }
        return text
    }

    private func textInt(_ text: String, _ offset: Int) throws -> PickleValue {
        let trimmed = text.trimmingWhitespace
        if trimmed == "00" { return .bool(false) }
        if trimmed == "01" { return .bool(true) }
        if let v = Int64(trimmed) { return .int(v) }
        let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.count <= limits.maxLongBytes * 3, digits.allSatisfy(\.isASCII),
              digits.allSatisfy(\.isNumber) else {
            throw fail(.malformedPickle, offset, "INT/LONG '\(trimmed.prefix(40))' is not an integer")
        }
        return .bigInt(trimmed)
    }

    private func decimal(_ text: String, _ offset: Int) throws -> Int {
        guard let v = Int(text.trimmingWhitespace), v >= 0 else {
            throw fail(.invalidMemo, offset, "memo index '\(text.prefix(40))' is not a non-negative integer")
        }
        return v
    }

    private mutating func length32(_ offset: Int) throws -> Int {
        let length = try reader.littleEndian(Int32.self)
        guard length >= 0 else { throw fail(.lengthTooLarge, offset, "negative length \(length)") }
        return Int(length)
    }

    private mutating func length64(_ offset: Int) throws -> Int {
        let length = try reader.littleEndian(UInt64.self)
        guard length <= UInt64(reader.remaining) else {
            throw fail(.lengthTooLarge, offset, "length \(length) but only \(reader.remaining) bytes remain")
        }
        return Int(length)
    }

    private func utf8(_ bytes: [UInt8], _ offset: Int) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw fail(.malformedPickle, offset, "string is not valid UTF-8")
        }
        return text
    }

    private func fail(_ kind: CheckpointError.Kind, _ offset: Int, _ reason: String) -> CheckpointError {
        context.error(kind, offset: offset, reason)
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension UInt64 {
    init(bigEndianBytes bytes: [UInt8]) {
        self = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
