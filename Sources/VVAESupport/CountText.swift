/// "1 frame", "16 frames": a count with its noun, singular for exactly one.
public enum CountText {
    public static func of(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
