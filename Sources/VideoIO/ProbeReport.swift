import Foundation

/// The parts of `ffprobe -show_streams -show_format -of json` this layer reads. ffprobe prints most numbers as
/// strings, so they are decoded as such and converted where used.
struct ProbeReport: Decodable {
    struct Stream: Decodable {
        struct Disposition: Decodable {
            let attachedPicture: Int?
            enum CodingKeys: String, CodingKey { case attachedPicture = "attached_pic" }
        }
        struct SideData: Decodable {
            let rotation: Double?
        }
        let index: Int
        let codecType: String?
        let codecName: String?
        let width: Int?
        let height: Int?
        let pixelFormat: String?
        let realFrameRate: String?
        let averageFrameRate: String?
        let duration: String?
        let frameCount: String?
        let readPackets: String?
        let disposition: Disposition?
        let tags: [String: String]?
        let sideData: [SideData]?

        enum CodingKeys: String, CodingKey {
            case index, width, height, duration, disposition, tags
            case codecType = "codec_type"
            case codecName = "codec_name"
            case pixelFormat = "pix_fmt"
            case realFrameRate = "r_frame_rate"
            case averageFrameRate = "avg_frame_rate"
            case frameCount = "nb_frames"
            case readPackets = "nb_read_packets"
            case sideData = "side_data_list"
        }

        var isCoverArt: Bool { (disposition?.attachedPicture ?? 0) != 0 }
    }

    struct Format: Decodable {
        let formatName: String?
        let duration: String?
        enum CodingKeys: String, CodingKey {
            case formatName = "format_name"
            case duration
        }
    }

    let streams: [Stream]?
    let format: Format?
}
