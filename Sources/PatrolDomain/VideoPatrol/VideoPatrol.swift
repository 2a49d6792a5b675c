import Foundation
import PinganDomain

/// A camera's kind in the county's video network (雪亮工程).
public enum CameraKind: String, Codable, CaseIterable, Sendable, Labelled {
    /// 高清卡口: a plate-reading checkpoint camera over a road, at county exits and the county seat's gates.
    case hdCheckpoint = "hd_checkpoint"
    /// 治安监控: a street surveillance camera.
    case surveillance
    /// 人脸识别: a face-capturing camera at a square, a station or a market.
    case faceRecognition = "face_recognition"
    /// 车辆识别: a vehicle-recognition camera at a junction.
    case vehicleRecognition = "vehicle_recognition"

    public var label: String {
        switch self {
        case .hdCheckpoint: "高清卡口"
        case .surveillance: "治安监控"
        case .faceRecognition: "人脸识别"
        case .vehicleRecognition: "车辆识别"
        }
    }
}

/// What a video notice (视频通报) is about.
public enum VideoNoticeKind: String, Codable, CaseIterable, Sendable, Labelled {
    case suspect
    case vehicle
    case other

    public var label: String {
        switch self {
        case .suspect: "嫌疑人"
        case .vehicle: "车辆"
        case .other: "其他"
        }
    }

    /// The incident a notice of this kind becomes when no type is given.
    public var incidentType: IncidentType { self == .other ? .publicOrder : .criminal }
}

/// A notice's photo, sent as base64 in the notice's JSON body: JPEG or PNG only, told by the
/// file's first bytes (a name or a declared type proves nothing), and at most `maxBytes`.
public enum NoticePhoto {
    public enum ImageType: String, Codable, Sendable {
        case jpeg = "image/jpeg"
        case png = "image/png"
    }

    /// 2 MiB less two bytes: a whole number of base64 groups, so the text's length limit
    /// (`maxBase64Length`) and the bytes' limit refuse exactly the same photos.
    public static let maxBytes = 3 * 699_050
    public static let maxBase64Length = maxBytes / 3 * 4
    /// The base64 text of a JPEG (FF D8 FF …) or a PNG (89 50 4E 47 0D 0A 1A 0A …), with its
    /// padding: what `check` accepts, as the API document states it.
    public static let base64Pattern =
        "^(?:/9j/|iVBORw0KGgo=$|iVBORw0KGg[o-r][A-Za-z0-9+/])(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"

    static let jpegMagic: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The image type of `bytes` by its magic bytes, or nil.
    public static func type(of bytes: Data) -> ImageType? {
        if bytes.starts(with: jpegMagic) { return .jpeg }
        if bytes.starts(with: pngMagic) { return .png }
        return nil
    }

    /// Decodes and checks a photo: too long is `photo_too_large` (413), not base64 is
    /// `invalid_photo` (422), neither JPEG nor PNG is `unsupported_photo_type` (415).
    public static func check(base64 text: String) throws(PhotoError) -> (bytes: Data, type: ImageType) {
        guard text.utf8.count <= maxBase64Length else { throw .tooLarge }
        guard let bytes = Data(base64Encoded: text), !bytes.isEmpty else { throw .notBase64 }
        guard bytes.count <= maxBytes else { throw .tooLarge }
        guard let type = type(of: bytes) else { throw .unsupportedType }
        return (bytes, type)
    }

    public enum PhotoError: Error, Equatable, Sendable {
        case tooLarge, notBase64, unsupportedType
    }
}

/// Who of a notice's recipients has acknowledged it: the figures the command map shows.
public struct NoticeAcknowledgement: Equatable, Sendable {
    public var recipients: Int
    public var acknowledged: Int
    public init(recipients: Int, acknowledged: Int) { self.recipients = recipients; self.acknowledged = acknowledged }
    /// A notice nobody was on duty to receive is not "acknowledged": it stays in view too, so the
    /// command centre sees that it reached no one.
    public var complete: Bool { recipients > 0 && acknowledged >= recipients }
}
