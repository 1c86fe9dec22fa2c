//! Word lists for the deterministic synthetic-data generator: Vietnamese personal names,
//! laboratory templates per priority field, host cities and university-name words.
//! The data is synthetic-but-plausible vocabulary only; it does not describe real people,
//! real laboratories or real equipment registers.

/// Vietnamese family names with a rough relative frequency (weights, not percentages).
pub const FAMILY_NAMES: &[(&str, u32)] = &[
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 10),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Phan", 4),
    ("Vũ", 3),
    ("Huỳnh", 2),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Đào", 1),
    ("Trịnh", 1),
    ("Mai", 1),
    ("Trương", 1),
    ("Lương", 1),
    ("Tạ", 1),
    ("Cao", 1),
    ("Phùng", 1),
];

/// Common male middle names.
pub const MIDDLE_NAMES_MALE: &[&str] = &[
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Mạnh", "Trọng", "Duy", "Quốc",
    "Thế", "Đình", "Tiến",
];

/// Common female middle names.
pub const MIDDLE_NAMES_FEMALE: &[&str] = &[
    "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Phương", "Minh", "Bích", "Kim", "Thùy", "Diệu", "Hoài",
    "Khánh", "Mỹ", "Quỳnh",
];

/// Common male given names.
pub const GIVEN_NAMES_MALE: &[&str] = &[
    "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Dương", "Giang", "Hải", "Hiếu",
    "Hiệp", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long",
    "Lợi", "Luân", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Phương", "Quân", "Quang",
    "Quý", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trí", "Trung", "Tú", "Tuấn",
    "Tùng", "Việt", "Vinh",
];

/// Common female given names.
pub const GIVEN_NAMES_FEMALE: &[&str] = &[
    "An", "Anh", "Ánh", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai",
    "My", "Nga", "Ngân", "Ngọc", "Nhung", "Nhi", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo",
    "Thắm", "Thanh", "Thủy", "Thư", "Thúy", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân",
    "Yến", "Nhàn",
];

/// A template for a synthetic laboratory serving one main field.
#[derive(Debug, Clone, Copy)]
pub struct LabTemplate {
    /// Id of the main priority field it serves (one of the 16 ids below).
    pub field: &'static str,
    /// Other priority fields it also serves (ids, may be empty).
    pub also: &'static [&'static str],
    /// Vietnamese lab name, with diacritics, WITHOUT the university name,
    /// e.g. "Phòng thí nghiệm Thủy lực và Mô hình vật lý".
    pub name: &'static str,
    /// Equipment items (English, as in an equipment register), 3-6 items,
    /// e.g. "Acoustic Doppler current profiler"; each has a Vietnamese name in [`EQUIPMENT_VI`].
    pub equipment: &'static [&'static str],
}

/// Laboratory templates, grouped by main field. Field ids: `basic`, `health`, `earth`, `agri`,
/// `robotics`, `mechanics`, `iot`, `bigdata`, `ai`, `digital`, `materials`, `energy`,
/// `environment`, `water`, `circular`, `transport`.
pub const LAB_TEMPLATES: &[LabTemplate] = &[
    // ----- basic (basic sciences) -----
    LabTemplate {
        field: "basic",
        also: &["materials"],
        name: "Phòng thí nghiệm Vật lý kỹ thuật",
        equipment: &[
            "Physical property measurement system (PPMS)",
            "Fourier-transform infrared spectrometer (FTIR)",
            "UV-Vis-NIR spectrophotometer",
            "Photoluminescence spectroscopy system",
            "Closed-cycle helium cryostat",
        ],
    },
    LabTemplate {
        field: "basic",
        also: &["environment", "health"],
        name: "Phòng thí nghiệm Hóa học phân tích",
        equipment: &[
            "High-performance liquid chromatograph (HPLC)",
            "Inductively coupled plasma mass spectrometer (ICP-MS)",
            "Nuclear magnetic resonance spectrometer 400 MHz",
            "Atomic absorption spectrometer (AAS)",
        ],
    },
    LabTemplate {
        field: "basic",
        also: &["bigdata"],
        name: "Trung tâm Toán ứng dụng và Tính toán khoa học",
        equipment: &[
            "High-performance computing cluster (512 CPU cores)",
            "Parallel file storage system (Lustre, 200 TB)",
            "Tiled 4K visualization wall",
        ],
    },
    // ----- health -----
    LabTemplate {
        field: "health",
        also: &["ai", "iot"],
        name: "Phòng thí nghiệm Kỹ thuật y sinh",
        equipment: &[
            "64-channel EEG acquisition system",
            "12-lead ECG patient simulator",
            "Ultrasound imaging research platform",
            "Biosignal acquisition system (BIOPAC MP160)",
        ],
    },
    LabTemplate {
        field: "health",
        also: &["materials"],
        name: "Phòng thí nghiệm Vật liệu y sinh",
        equipment: &[
            "Class II biosafety cabinet",
            "CO2 incubator",
            "Inverted fluorescence microscope",
            "Extrusion-based 3D bioprinter",
        ],
    },
    LabTemplate {
        field: "health",
        also: &["digital"],
        name: "Trung tâm Thiết bị y tế và Chẩn đoán hình ảnh",
        equipment: &[
            "Medical imaging workstation (DICOM/PACS)",
            "Patient monitor simulator",
            "Electrosurgical unit analyzer",
            "Infusion pump analyzer",
        ],
    },
    // ----- earth (earth sciences) -----
    LabTemplate {
        field: "earth",
        also: &["transport", "water"],
        name: "Phòng thí nghiệm Cơ học đất và Địa kỹ thuật",
        equipment: &[
            "Triaxial soil testing system",
            "Oedometer consolidation apparatus",
            "Direct shear test apparatus",
            "Cyclic triaxial testing system (GDS)",
            "Cone penetration test (CPTu) rig",
        ],
    },
    LabTemplate {
        field: "earth",
        also: &["digital"],
        name: "Phòng thí nghiệm Trắc địa và Bản đồ",
        equipment: &[
            "GNSS RTK receiver",
            "Robotic total station",
            "Terrestrial laser scanner",
            "UAV photogrammetry system (RTK drone)",
            "Digital level",
        ],
    },
    LabTemplate {
        field: "earth",
        also: &["environment", "bigdata"],
        name: "Trung tâm Viễn thám và Hệ thông tin địa lý (GIS)",
        equipment: &[
            "Remote sensing image processing workstation (ENVI)",
            "Multispectral UAV camera",
            "Field spectroradiometer",
            "GIS server (ArcGIS Enterprise)",
        ],
    },
    LabTemplate {
        field: "earth",
        also: &["materials"],
        name: "Phòng thí nghiệm Địa chất công trình và Cơ học đá",
        equipment: &[
            "Polarizing petrographic microscope",
            "X-ray fluorescence spectrometer (XRF)",
            "Rock triaxial compression system",
            "Point load tester",
            "Ultrasonic pulse velocity tester",
        ],
    },
    // ----- agri (agriculture and food security) -----
    LabTemplate {
        field: "agri",
        also: &["health"],
        name: "Phòng thí nghiệm Công nghệ thực phẩm",
        equipment: &[
            "Laboratory spray dryer",
            "Freeze dryer (lyophilizer)",
            "Texture analyzer",
            "Gas chromatograph-mass spectrometer (GC-MS)",
        ],
    },
    LabTemplate {
        field: "agri",
        also: &["basic"],
        name: "Phòng thí nghiệm Công nghệ sinh học nông nghiệp",
        equipment: &[
            "Real-time PCR system",
            "Plant growth chamber",
            "Laminar flow cabinet",
            "Gel documentation system",
        ],
    },
    LabTemplate {
        field: "agri",
        also: &["iot", "water"],
        name: "Trung tâm Nông nghiệp thông minh",
        equipment: &[
            "Greenhouse climate control system",
            "Soil moisture and EC sensor network",
            "Multispectral crop-monitoring drone",
            "Automated drip irrigation controller",
        ],
    },
    // ----- robotics -----
    LabTemplate {
        field: "robotics",
        also: &["mechanics", "ai"],
        name: "Phòng thí nghiệm Robot công nghiệp",
        equipment: &[
            "6-axis industrial robot arm",
            "Collaborative robot (UR10e)",
            "3D structured-light robot vision camera",
            "Pneumatic gripper set",
        ],
    },
    LabTemplate {
        field: "robotics",
        also: &["ai", "transport"],
        name: "Phòng thí nghiệm Robot di động và Hệ thống tự hành",
        equipment: &[
            "Autonomous mobile robot platform",
            "3D LiDAR (Velodyne VLP-16)",
            "Motion capture system (OptiTrack)",
            "Quadrotor UAV research kit",
        ],
    },
    LabTemplate {
        field: "robotics",
        also: &["mechanics", "iot"],
        name: "Trung tâm Cơ điện tử và Tự động hóa",
        equipment: &[
            "PLC training system (Siemens S7-1500)",
            "Servo motor test bench",
            "Flexible manufacturing system (FMS) cell",
            "SCADA/HMI workstation",
        ],
    },
    // ----- mechanics (precision mechanics) -----
    LabTemplate {
        field: "mechanics",
        also: &["robotics"],
        name: "Phòng thí nghiệm Cơ khí chính xác",
        equipment: &[
            "5-axis CNC machining center",
            "Coordinate measuring machine (CMM)",
            "Surface roughness tester",
            "Wire EDM machine",
        ],
    },
    LabTemplate {
        field: "mechanics",
        also: &[],
        name: "Phòng thí nghiệm Đo lường và Kiểm định",
        equipment: &[
            "Laser interferometer (Renishaw XL-80)",
            "Optical 3D surface profilometer",
            "Roundness measuring instrument",
            "Gauge block calibration set",
        ],
    },
    LabTemplate {
        field: "mechanics",
        also: &["materials"],
        name: "Trung tâm Công nghệ chế tạo bồi đắp (In 3D)",
        equipment: &[
            "Metal 3D printer (selective laser melting)",
            "Industrial FDM 3D printer",
            "Structured-light 3D scanner",
            "Vacuum heat treatment furnace",
        ],
    },
    LabTemplate {
        field: "mechanics",
        also: &["transport"],
        name: "Phòng thí nghiệm Động lực học và Rung động",
        equipment: &[
            "Electrodynamic shaker",
            "Modal analysis kit (impact hammer, accelerometers)",
            "Dynamic signal analyzer",
            "Laser Doppler vibrometer",
        ],
    },
    // ----- iot -----
    LabTemplate {
        field: "iot",
        also: &["digital"],
        name: "Phòng thí nghiệm Hệ thống nhúng và IoT",
        equipment: &[
            "LoRaWAN gateway",
            "Embedded development boards (STM32, ESP32)",
            "Mixed-signal oscilloscope",
            "Logic analyzer",
            "Spectrum analyzer 6 GHz",
        ],
    },
    LabTemplate {
        field: "iot",
        also: &[],
        name: "Phòng thí nghiệm Thông tin vô tuyến và Mạng cảm biến",
        equipment: &[
            "Software-defined radio (USRP)",
            "Vector network analyzer",
            "RF signal generator",
            "Compact anechoic chamber",
        ],
    },
    LabTemplate {
        field: "iot",
        also: &["ai"],
        name: "Trung tâm Thiết kế vi mạch và Hệ thống điện tử",
        equipment: &[
            "IC design workstation (Cadence)",
            "FPGA development board (AMD Xilinx)",
            "Wafer probe station",
            "Semiconductor parameter analyzer",
        ],
    },
    // ----- bigdata (big-data analytics) -----
    LabTemplate {
        field: "bigdata",
        also: &["ai"],
        name: "Phòng thí nghiệm Khoa học dữ liệu",
        equipment: &[
            "Hadoop/Spark cluster (20 nodes)",
            "Data lake storage (500 TB)",
            "Data visualization workstation",
        ],
    },
    LabTemplate {
        field: "bigdata",
        also: &["basic"],
        name: "Trung tâm Dữ liệu lớn và Tính toán hiệu năng cao",
        equipment: &[
            "High-performance computing cluster",
            "NVMe all-flash storage array",
            "InfiniBand interconnect (200 Gb/s)",
            "LTO tape backup library",
        ],
    },
    LabTemplate {
        field: "bigdata",
        also: &["earth", "transport"],
        name: "Phòng thí nghiệm Phân tích dữ liệu không gian",
        equipment: &[
            "Spatial database server (PostGIS)",
            "GPU workstation (RTX 6000 Ada)",
            "Geospatial visualization wall",
        ],
    },
    // ----- ai -----
    LabTemplate {
        field: "ai",
        also: &["bigdata"],
        name: "Phòng thí nghiệm Trí tuệ nhân tạo",
        equipment: &[
            "GPU cluster (8x A100)",
            "Deep learning workstation (4x RTX 4090)",
            "Data annotation workstation",
        ],
    },
    LabTemplate {
        field: "ai",
        also: &["robotics"],
        name: "Phòng thí nghiệm Thị giác máy tính",
        equipment: &[
            "Industrial machine-vision camera set",
            "Stereo depth camera (Intel RealSense)",
            "Edge AI module (NVIDIA Jetson AGX Orin)",
            "GPU server (4x V100)",
        ],
    },
    LabTemplate {
        field: "ai",
        also: &["digital"],
        name: "Phòng thí nghiệm Xử lý ngôn ngữ tự nhiên và Tiếng nói",
        equipment: &[
            "Sound-isolated speech recording booth",
            "Microphone array",
            "GPU server (8x H100)",
            "Speech corpus storage server",
        ],
    },
    LabTemplate {
        field: "ai",
        also: &["iot", "mechanics"],
        name: "Trung tâm Trí tuệ nhân tạo ứng dụng trong công nghiệp",
        equipment: &[
            "Edge AI gateway",
            "GPU cluster (8x A100)",
            "Industrial IoT data acquisition system",
            "Predictive maintenance test rig",
        ],
    },
    // ----- digital (digital transformation) -----
    LabTemplate {
        field: "digital",
        also: &["bigdata"],
        name: "Phòng thí nghiệm Chuyển đổi số",
        equipment: &[
            "Private cloud server (OpenStack)",
            "ERP training system (SAP S/4HANA)",
            "Business intelligence workstation",
        ],
    },
    LabTemplate {
        field: "digital",
        also: &[],
        name: "Phòng thí nghiệm An toàn thông tin",
        equipment: &[
            "Cyber range platform",
            "Next-generation firewall",
            "Network traffic analyzer",
            "Hardware security module (HSM)",
        ],
    },
    LabTemplate {
        field: "digital",
        also: &["transport"],
        name: "Trung tâm Mô hình thông tin công trình (BIM) và Bản sao số",
        equipment: &[
            "BIM workstation (Revit, Navisworks)",
            "VR headset set (HTC Vive Pro)",
            "Terrestrial laser scanner",
            "Digital twin server",
        ],
    },
    // ----- materials (advanced materials) -----
    LabTemplate {
        field: "materials",
        also: &["basic"],
        name: "Phòng thí nghiệm trọng điểm Vật liệu tiên tiến",
        equipment: &[
            "Scanning electron microscope (SEM)",
            "X-ray diffractometer",
            "Transmission electron microscope (TEM)",
            "Differential scanning calorimeter (DSC)",
            "Thermogravimetric analyzer (TGA)",
        ],
    },
    LabTemplate {
        field: "materials",
        also: &["transport", "circular"],
        name: "Phòng thí nghiệm Vật liệu xây dựng",
        equipment: &[
            "Universal testing machine 1000 kN",
            "Concrete compression testing machine 3000 kN",
            "Laboratory concrete mixer (100 L)",
            "Climatic chamber for durability testing",
            "Rapid chloride permeability tester",
        ],
    },
    LabTemplate {
        field: "materials",
        also: &["energy"],
        name: "Phòng thí nghiệm Vật liệu nano và Màng mỏng",
        equipment: &[
            "Magnetron sputtering system",
            "Atomic force microscope (AFM)",
            "Raman spectrometer",
            "Spin coater",
        ],
    },
    LabTemplate {
        field: "materials",
        also: &["circular"],
        name: "Phòng thí nghiệm Vật liệu polyme và Composite",
        equipment: &[
            "Twin-screw extruder",
            "Injection molding machine",
            "Dynamic mechanical analyzer (DMA)",
            "Vacuum infusion system",
        ],
    },
    // ----- energy (renewable energy) -----
    LabTemplate {
        field: "energy",
        also: &["environment"],
        name: "Phòng thí nghiệm Năng lượng tái tạo",
        equipment: &[
            "Solar PV test bench",
            "Solar simulator (class AAA)",
            "I-V curve tracer",
            "Pyranometer",
        ],
    },
    LabTemplate {
        field: "energy",
        also: &[],
        name: "Phòng thí nghiệm Năng lượng gió và Khí động học",
        equipment: &[
            "Low-speed wind tunnel",
            "Small wind turbine test rig",
            "Ultrasonic anemometer",
            "Wind profiling LiDAR",
        ],
    },
    LabTemplate {
        field: "energy",
        also: &["iot", "digital"],
        name: "Phòng thí nghiệm Lưới điện thông minh",
        equipment: &[
            "Real-time digital simulator (RTDS)",
            "Power quality analyzer",
            "Grid-tied inverter test bench",
            "Battery energy storage system (100 kWh)",
        ],
    },
    LabTemplate {
        field: "energy",
        also: &["materials"],
        name: "Phòng thí nghiệm Pin nhiên liệu và Lưu trữ năng lượng",
        equipment: &[
            "Multi-channel battery cycler",
            "Argon glove box",
            "Electrochemical workstation (potentiostat)",
            "Fuel cell test station",
        ],
    },
    // ----- environment (environmental protection) -----
    LabTemplate {
        field: "environment",
        also: &["water"],
        name: "Phòng thí nghiệm Kỹ thuật môi trường",
        equipment: &[
            "Gas chromatograph-mass spectrometer (GC-MS)",
            "Total organic carbon (TOC) analyzer",
            "BOD incubator",
            "COD digestion reactor",
            "Ion chromatograph",
        ],
    },
    LabTemplate {
        field: "environment",
        also: &["iot"],
        name: "Phòng thí nghiệm Quan trắc môi trường không khí",
        equipment: &[
            "Air quality monitoring station (PM2.5, PM10)",
            "Stack gas analyzer",
            "High-volume air sampler",
            "Class 1 sound level meter",
        ],
    },
    LabTemplate {
        field: "environment",
        also: &["water", "circular"],
        name: "Trung tâm Xử lý nước thải và Chất thải rắn",
        equipment: &[
            "Pilot-scale membrane bioreactor (MBR)",
            "Pilot anaerobic digester",
            "Jar test apparatus",
            "Sludge dewatering press",
        ],
    },
    LabTemplate {
        field: "environment",
        also: &["earth", "water"],
        name: "Phòng thí nghiệm Biến đổi khí hậu",
        equipment: &[
            "Eddy covariance flux tower",
            "Greenhouse gas analyzer (CO2/CH4)",
            "Automatic weather station",
            "Climate modelling server",
        ],
    },
    // ----- water (water resources) -----
    LabTemplate {
        field: "water",
        also: &["earth"],
        name: "Phòng thí nghiệm Thủy lực và Mô hình vật lý",
        equipment: &[
            "Wave flume",
            "Acoustic Doppler current profiler",
            "Tilting hydraulic flume",
            "Acoustic Doppler velocimeter (ADV)",
            "Wave gauge array",
        ],
    },
    LabTemplate {
        field: "water",
        also: &["environment"],
        name: "Phòng thí nghiệm trọng điểm Động lực học sông biển",
        equipment: &[
            "Multi-directional wave basin",
            "Sediment transport flume",
            "Tide generator",
            "Laser diffraction particle size analyzer",
        ],
    },
    LabTemplate {
        field: "water",
        also: &["environment", "bigdata"],
        name: "Trung tâm Tài nguyên nước và Thủy văn",
        equipment: &[
            "Automatic rain gauge network",
            "Radar water level sensor",
            "Hydrological modelling workstation (MIKE)",
            "Portable electromagnetic flow meter",
        ],
    },
    LabTemplate {
        field: "water",
        also: &["environment"],
        name: "Phòng thí nghiệm Chất lượng nước",
        equipment: &[
            "Multiparameter water quality sonde",
            "UV-Vis spectrophotometer",
            "Turbidity meter",
            "Atomic absorption spectrometer (AAS)",
        ],
    },
    // ----- circular (circular economy and labour productivity) -----
    LabTemplate {
        field: "circular",
        also: &["environment", "materials"],
        name: "Phòng thí nghiệm Tái chế và Kinh tế tuần hoàn",
        equipment: &[
            "Bench-scale pyrolysis reactor",
            "Plastic shredder",
            "Near-infrared plastic sorting system",
            "Bomb calorimeter",
        ],
    },
    LabTemplate {
        field: "circular",
        also: &["digital"],
        name: "Phòng thí nghiệm Kỹ thuật hệ thống công nghiệp và Năng suất lao động",
        equipment: &[
            "Time and motion study kit",
            "Lean manufacturing simulation line",
            "Surface EMG ergonomics system",
            "Discrete-event simulation workstation (Arena)",
        ],
    },
    LabTemplate {
        field: "circular",
        also: &["energy", "environment"],
        name: "Trung tâm Sản xuất sạch hơn và Đánh giá vòng đời",
        equipment: &[
            "Life cycle assessment workstation (SimaPro)",
            "Energy audit kit",
            "Portable flue gas analyzer",
            "Power and harmonics analyzer",
        ],
    },
    // ----- transport (smart transportation) -----
    LabTemplate {
        field: "transport",
        also: &["ai", "iot"],
        name: "Phòng thí nghiệm Giao thông thông minh",
        equipment: &[
            "Traffic simulation workstation (VISSIM)",
            "Traffic video analytics camera",
            "V2X roadside unit",
            "Vehicle detection radar",
        ],
    },
    LabTemplate {
        field: "transport",
        also: &["materials"],
        name: "Phòng thí nghiệm Vật liệu và Kết cấu mặt đường",
        equipment: &[
            "Marshall stability tester",
            "Hamburg wheel tracking tester",
            "Superpave gyratory compactor",
            "Falling weight deflectometer",
        ],
    },
    LabTemplate {
        field: "transport",
        also: &["materials"],
        name: "Phòng thí nghiệm Kết cấu công trình và Cầu",
        equipment: &[
            "Servo-hydraulic actuator system (500 kN)",
            "Strong floor and reaction wall",
            "Strain gauge data logger",
            "Bridge deflection measurement system",
        ],
    },
    LabTemplate {
        field: "transport",
        also: &["energy", "mechanics"],
        name: "Trung tâm Đường sắt và Phương tiện giao thông",
        equipment: &[
            "Chassis dynamometer",
            "Railway track geometry trolley",
            "Vehicle dynamics driving simulator",
            "Engine exhaust emission analyzer",
        ],
    },
];

/// Vietnamese cities that host universities, with their region ("north", "central" or "south").
pub const CITIES: &[(&str, &str)] = &[
    ("Hà Nội", "north"),
    ("TP. Hồ Chí Minh", "south"),
    ("Đà Nẵng", "central"),
    ("Hải Phòng", "north"),
    ("Cần Thơ", "south"),
    ("Huế", "central"),
    ("Thái Nguyên", "north"),
    ("Nam Định", "north"),
    ("Vinh", "central"),
    ("Quy Nhơn", "central"),
    ("Nha Trang", "central"),
    ("Buôn Ma Thuột", "central"),
    ("Đà Lạt", "central"),
    ("Biên Hòa", "south"),
    ("Thủ Dầu Một", "south"),
    ("Vĩnh Long", "south"),
];

/// Words used to name synthetic universities beyond the G7: (Vietnamese, English) pairs.
pub const UNIVERSITY_KINDS: &[(&str, &str)] = &[
    ("Kỹ thuật", "Engineering"),
    ("Công nghệ", "Technology"),
    ("Khoa học Tự nhiên", "Natural Sciences"),
    ("Bách khoa", "Polytechnic"),
    ("Kỹ thuật Công nghiệp", "Industrial Engineering"),
    ("Sư phạm Kỹ thuật", "Technology and Education"),
    ("Giao thông Vận tải", "Transport"),
    ("Xây dựng", "Civil Engineering"),
    ("Thủy lợi", "Water Resources"),
    ("Mỏ - Địa chất", "Mining and Geology"),
    ("Nông Lâm", "Agriculture and Forestry"),
    (
        "Tài nguyên và Môi trường",
        "Natural Resources and Environment",
    ),
    ("Kiến trúc", "Architecture"),
    ("Điện lực", "Electric Power"),
];

/// The Vietnamese name of every equipment item of [`LAB_TEMPLATES`] (English → Vietnamese). The
/// generator names an item `Vietnamese / English` ([`equipment_name`]), so that a search in
/// either language finds it (`hoptac labs --equipment "may quet"` as well as `"laser scanner"`).
pub const EQUIPMENT_VI: &[(&str, &str)] = &[
    (
        "Physical property measurement system (PPMS)",
        "Hệ đo tính chất vật lý (PPMS)",
    ),
    (
        "Fourier-transform infrared spectrometer (FTIR)",
        "Máy quang phổ hồng ngoại biến đổi Fourier (FTIR)",
    ),
    (
        "UV-Vis-NIR spectrophotometer",
        "Máy quang phổ tử ngoại – khả kiến – cận hồng ngoại",
    ),
    (
        "Photoluminescence spectroscopy system",
        "Hệ quang phổ huỳnh quang",
    ),
    (
        "Closed-cycle helium cryostat",
        "Máy làm lạnh heli chu trình kín",
    ),
    (
        "High-performance liquid chromatograph (HPLC)",
        "Máy sắc ký lỏng hiệu năng cao (HPLC)",
    ),
    (
        "Inductively coupled plasma mass spectrometer (ICP-MS)",
        "Máy khối phổ plasma cảm ứng (ICP-MS)",
    ),
    (
        "Nuclear magnetic resonance spectrometer 400 MHz",
        "Máy cộng hưởng từ hạt nhân 400 MHz",
    ),
    (
        "Atomic absorption spectrometer (AAS)",
        "Máy quang phổ hấp thụ nguyên tử (AAS)",
    ),
    (
        "High-performance computing cluster (512 CPU cores)",
        "Cụm máy tính hiệu năng cao (512 lõi CPU)",
    ),
    (
        "Parallel file storage system (Lustre, 200 TB)",
        "Hệ lưu trữ tệp song song (Lustre, 200 TB)",
    ),
    ("Tiled 4K visualization wall", "Tường hiển thị ghép 4K"),
    (
        "64-channel EEG acquisition system",
        "Hệ ghi điện não 64 kênh",
    ),
    (
        "12-lead ECG patient simulator",
        "Thiết bị mô phỏng bệnh nhân điện tim 12 chuyển đạo",
    ),
    (
        "Ultrasound imaging research platform",
        "Nền tảng nghiên cứu chụp ảnh siêu âm",
    ),
    (
        "Biosignal acquisition system (BIOPAC MP160)",
        "Hệ thu tín hiệu sinh học (BIOPAC MP160)",
    ),
    ("Class II biosafety cabinet", "Tủ an toàn sinh học cấp II"),
    ("CO2 incubator", "Tủ ấm CO2"),
    (
        "Inverted fluorescence microscope",
        "Kính hiển vi huỳnh quang soi ngược",
    ),
    ("Extrusion-based 3D bioprinter", "Máy in sinh học 3D đùn"),
    (
        "Medical imaging workstation (DICOM/PACS)",
        "Trạm xử lý ảnh y tế (DICOM/PACS)",
    ),
    (
        "Patient monitor simulator",
        "Thiết bị mô phỏng máy theo dõi bệnh nhân",
    ),
    ("Electrosurgical unit analyzer", "Máy phân tích dao mổ điện"),
    ("Infusion pump analyzer", "Máy phân tích bơm tiêm truyền"),
    (
        "Triaxial soil testing system",
        "Hệ thí nghiệm nén ba trục đất",
    ),
    (
        "Oedometer consolidation apparatus",
        "Máy nén cố kết (oedometer)",
    ),
    ("Direct shear test apparatus", "Máy cắt phẳng trực tiếp"),
    (
        "Cyclic triaxial testing system (GDS)",
        "Hệ thí nghiệm ba trục động (GDS)",
    ),
    (
        "Cone penetration test (CPTu) rig",
        "Thiết bị xuyên tĩnh (CPTu)",
    ),
    ("GNSS RTK receiver", "Máy thu GNSS RTK"),
    ("Robotic total station", "Máy toàn đạc điện tử tự động"),
    ("Terrestrial laser scanner", "Máy quét laser 3D mặt đất"),
    (
        "UAV photogrammetry system (RTK drone)",
        "Hệ đo ảnh bằng UAV (drone RTK)",
    ),
    ("Digital level", "Máy thủy bình điện tử"),
    (
        "Remote sensing image processing workstation (ENVI)",
        "Trạm xử lý ảnh viễn thám (ENVI)",
    ),
    ("Multispectral UAV camera", "Camera đa phổ gắn UAV"),
    ("Field spectroradiometer", "Máy đo phổ bức xạ hiện trường"),
    (
        "GIS server (ArcGIS Enterprise)",
        "Máy chủ GIS (ArcGIS Enterprise)",
    ),
    (
        "Polarizing petrographic microscope",
        "Kính hiển vi phân cực thạch học",
    ),
    (
        "X-ray fluorescence spectrometer (XRF)",
        "Máy quang phổ huỳnh quang tia X (XRF)",
    ),
    ("Rock triaxial compression system", "Hệ nén ba trục đá"),
    ("Point load tester", "Máy thử tải trọng điểm"),
    (
        "Ultrasonic pulse velocity tester",
        "Máy đo vận tốc xung siêu âm",
    ),
    ("Laboratory spray dryer", "Máy sấy phun phòng thí nghiệm"),
    ("Freeze dryer (lyophilizer)", "Máy sấy đông khô"),
    ("Texture analyzer", "Máy phân tích cấu trúc thực phẩm"),
    (
        "Gas chromatograph-mass spectrometer (GC-MS)",
        "Máy sắc ký khí ghép khối phổ (GC-MS)",
    ),
    ("Real-time PCR system", "Máy PCR định lượng thời gian thực"),
    ("Plant growth chamber", "Tủ nuôi cấy cây trồng"),
    ("Laminar flow cabinet", "Tủ cấy vô trùng dòng thổi tầng"),
    ("Gel documentation system", "Hệ chụp ảnh gel"),
    (
        "Greenhouse climate control system",
        "Hệ điều khiển vi khí hậu nhà kính",
    ),
    (
        "Soil moisture and EC sensor network",
        "Mạng cảm biến độ ẩm và độ dẫn điện đất",
    ),
    (
        "Multispectral crop-monitoring drone",
        "Drone đa phổ giám sát cây trồng",
    ),
    (
        "Automated drip irrigation controller",
        "Bộ điều khiển tưới nhỏ giọt tự động",
    ),
    (
        "6-axis industrial robot arm",
        "Cánh tay rô-bốt công nghiệp 6 trục",
    ),
    ("Collaborative robot (UR10e)", "Rô-bốt cộng tác (UR10e)"),
    (
        "3D structured-light robot vision camera",
        "Camera thị giác rô-bốt 3D ánh sáng cấu trúc",
    ),
    ("Pneumatic gripper set", "Bộ tay kẹp khí nén"),
    (
        "Autonomous mobile robot platform",
        "Nền tảng rô-bốt di động tự hành",
    ),
    (
        "3D LiDAR (Velodyne VLP-16)",
        "Cảm biến LiDAR 3D (Velodyne VLP-16)",
    ),
    (
        "Motion capture system (OptiTrack)",
        "Hệ bắt chuyển động (OptiTrack)",
    ),
    ("Quadrotor UAV research kit", "Bộ UAV bốn cánh nghiên cứu"),
    (
        "PLC training system (Siemens S7-1500)",
        "Hệ đào tạo PLC (Siemens S7-1500)",
    ),
    ("Servo motor test bench", "Băng thử động cơ servo"),
    (
        "Flexible manufacturing system (FMS) cell",
        "Cụm sản xuất linh hoạt (FMS)",
    ),
    ("SCADA/HMI workstation", "Trạm SCADA/HMI"),
    (
        "5-axis CNC machining center",
        "Trung tâm gia công CNC 5 trục",
    ),
    ("Coordinate measuring machine (CMM)", "Máy đo tọa độ (CMM)"),
    ("Surface roughness tester", "Máy đo độ nhám bề mặt"),
    ("Wire EDM machine", "Máy cắt dây EDM"),
    (
        "Laser interferometer (Renishaw XL-80)",
        "Giao thoa kế laser (Renishaw XL-80)",
    ),
    (
        "Optical 3D surface profilometer",
        "Máy đo biên dạng bề mặt 3D quang học",
    ),
    ("Roundness measuring instrument", "Máy đo độ tròn"),
    ("Gauge block calibration set", "Bộ căn mẫu hiệu chuẩn"),
    (
        "Metal 3D printer (selective laser melting)",
        "Máy in 3D kim loại (nung chảy laser chọn lọc)",
    ),
    ("Industrial FDM 3D printer", "Máy in 3D FDM công nghiệp"),
    (
        "Structured-light 3D scanner",
        "Máy quét 3D ánh sáng cấu trúc",
    ),
    ("Vacuum heat treatment furnace", "Lò nhiệt luyện chân không"),
    ("Electrodynamic shaker", "Máy rung điện động"),
    (
        "Modal analysis kit (impact hammer, accelerometers)",
        "Bộ phân tích dao động riêng (búa gõ, gia tốc kế)",
    ),
    ("Dynamic signal analyzer", "Máy phân tích tín hiệu động"),
    ("Laser Doppler vibrometer", "Máy đo rung laser Doppler"),
    ("LoRaWAN gateway", "Cổng LoRaWAN"),
    (
        "Embedded development boards (STM32, ESP32)",
        "Bo mạch phát triển nhúng (STM32, ESP32)",
    ),
    (
        "Mixed-signal oscilloscope",
        "Máy hiện sóng tín hiệu hỗn hợp",
    ),
    ("Logic analyzer", "Máy phân tích logic"),
    ("Spectrum analyzer 6 GHz", "Máy phân tích phổ 6 GHz"),
    (
        "Software-defined radio (USRP)",
        "Thiết bị vô tuyến định nghĩa bằng phần mềm (USRP)",
    ),
    ("Vector network analyzer", "Máy phân tích mạng vector"),
    ("RF signal generator", "Máy phát tín hiệu cao tần"),
    ("Compact anechoic chamber", "Buồng không phản xạ cỡ nhỏ"),
    (
        "IC design workstation (Cadence)",
        "Trạm thiết kế vi mạch (Cadence)",
    ),
    (
        "FPGA development board (AMD Xilinx)",
        "Bo mạch phát triển FPGA (AMD Xilinx)",
    ),
    ("Wafer probe station", "Trạm đo kiểm tấm bán dẫn"),
    (
        "Semiconductor parameter analyzer",
        "Máy phân tích thông số bán dẫn",
    ),
    (
        "Hadoop/Spark cluster (20 nodes)",
        "Cụm Hadoop/Spark (20 nút)",
    ),
    (
        "Data lake storage (500 TB)",
        "Kho lưu trữ dữ liệu hồ (500 TB)",
    ),
    (
        "Data visualization workstation",
        "Trạm trực quan hóa dữ liệu",
    ),
    (
        "High-performance computing cluster",
        "Cụm máy tính hiệu năng cao",
    ),
    ("NVMe all-flash storage array", "Hệ lưu trữ toàn flash NVMe"),
    (
        "InfiniBand interconnect (200 Gb/s)",
        "Mạng kết nối InfiniBand (200 Gb/s)",
    ),
    ("LTO tape backup library", "Thư viện băng từ sao lưu LTO"),
    (
        "Spatial database server (PostGIS)",
        "Máy chủ cơ sở dữ liệu không gian (PostGIS)",
    ),
    (
        "GPU workstation (RTX 6000 Ada)",
        "Trạm làm việc GPU (RTX 6000 Ada)",
    ),
    (
        "Geospatial visualization wall",
        "Tường hiển thị dữ liệu không gian",
    ),
    ("GPU cluster (8x A100)", "Cụm GPU (8x A100)"),
    (
        "Deep learning workstation (4x RTX 4090)",
        "Trạm học sâu (4x RTX 4090)",
    ),
    ("Data annotation workstation", "Trạm gán nhãn dữ liệu"),
    (
        "Industrial machine-vision camera set",
        "Bộ camera thị giác máy công nghiệp",
    ),
    (
        "Stereo depth camera (Intel RealSense)",
        "Camera chiều sâu lập thể (Intel RealSense)",
    ),
    (
        "Edge AI module (NVIDIA Jetson AGX Orin)",
        "Mô-đun AI biên (NVIDIA Jetson AGX Orin)",
    ),
    ("GPU server (4x V100)", "Máy chủ GPU (4x V100)"),
    (
        "Sound-isolated speech recording booth",
        "Phòng thu âm tiếng nói cách âm",
    ),
    ("Microphone array", "Dàn micrô"),
    ("GPU server (8x H100)", "Máy chủ GPU (8x H100)"),
    (
        "Speech corpus storage server",
        "Máy chủ lưu trữ kho ngữ liệu tiếng nói",
    ),
    ("Edge AI gateway", "Cổng AI biên"),
    (
        "Industrial IoT data acquisition system",
        "Hệ thu thập dữ liệu IoT công nghiệp",
    ),
    (
        "Predictive maintenance test rig",
        "Băng thử bảo trì dự đoán",
    ),
    (
        "Private cloud server (OpenStack)",
        "Máy chủ đám mây riêng (OpenStack)",
    ),
    (
        "ERP training system (SAP S/4HANA)",
        "Hệ đào tạo ERP (SAP S/4HANA)",
    ),
    (
        "Business intelligence workstation",
        "Trạm phân tích kinh doanh thông minh",
    ),
    ("Cyber range platform", "Nền tảng diễn tập an ninh mạng"),
    ("Next-generation firewall", "Tường lửa thế hệ mới"),
    ("Network traffic analyzer", "Máy phân tích lưu lượng mạng"),
    (
        "Hardware security module (HSM)",
        "Mô-đun bảo mật phần cứng (HSM)",
    ),
    (
        "BIM workstation (Revit, Navisworks)",
        "Trạm BIM (Revit, Navisworks)",
    ),
    (
        "VR headset set (HTC Vive Pro)",
        "Bộ kính thực tế ảo (HTC Vive Pro)",
    ),
    ("Digital twin server", "Máy chủ bản sao số"),
    (
        "Scanning electron microscope (SEM)",
        "Kính hiển vi điện tử quét (SEM)",
    ),
    ("X-ray diffractometer", "Máy nhiễu xạ tia X"),
    (
        "Transmission electron microscope (TEM)",
        "Kính hiển vi điện tử truyền qua (TEM)",
    ),
    (
        "Differential scanning calorimeter (DSC)",
        "Máy phân tích nhiệt vi sai quét (DSC)",
    ),
    (
        "Thermogravimetric analyzer (TGA)",
        "Máy phân tích nhiệt trọng lượng (TGA)",
    ),
    (
        "Universal testing machine 1000 kN",
        "Máy thử kéo nén vạn năng 1000 kN",
    ),
    (
        "Concrete compression testing machine 3000 kN",
        "Máy nén bê tông 3000 kN",
    ),
    (
        "Laboratory concrete mixer (100 L)",
        "Máy trộn bê tông phòng thí nghiệm (100 L)",
    ),
    (
        "Climatic chamber for durability testing",
        "Buồng khí hậu thử độ bền",
    ),
    (
        "Rapid chloride permeability tester",
        "Máy thử thấm ion clo nhanh",
    ),
    ("Magnetron sputtering system", "Hệ phún xạ magnetron"),
    (
        "Atomic force microscope (AFM)",
        "Kính hiển vi lực nguyên tử (AFM)",
    ),
    ("Raman spectrometer", "Máy quang phổ Raman"),
    ("Spin coater", "Máy phủ quay"),
    ("Twin-screw extruder", "Máy đùn trục vít đôi"),
    ("Injection molding machine", "Máy ép phun"),
    (
        "Dynamic mechanical analyzer (DMA)",
        "Máy phân tích cơ nhiệt động (DMA)",
    ),
    ("Vacuum infusion system", "Hệ thấm nhựa chân không"),
    ("Solar PV test bench", "Băng thử pin mặt trời"),
    (
        "Solar simulator (class AAA)",
        "Thiết bị mô phỏng mặt trời (cấp AAA)",
    ),
    ("I-V curve tracer", "Máy đo đường đặc tính I-V"),
    ("Pyranometer", "Máy đo bức xạ mặt trời"),
    ("Low-speed wind tunnel", "Ống khí động tốc độ thấp"),
    ("Small wind turbine test rig", "Băng thử tua-bin gió cỡ nhỏ"),
    ("Ultrasonic anemometer", "Máy đo gió siêu âm"),
    ("Wind profiling LiDAR", "LiDAR đo gió theo độ cao"),
    (
        "Real-time digital simulator (RTDS)",
        "Thiết bị mô phỏng số thời gian thực (RTDS)",
    ),
    (
        "Power quality analyzer",
        "Máy phân tích chất lượng điện năng",
    ),
    (
        "Grid-tied inverter test bench",
        "Băng thử biến tần nối lưới",
    ),
    (
        "Battery energy storage system (100 kWh)",
        "Hệ lưu trữ năng lượng bằng pin (100 kWh)",
    ),
    ("Multi-channel battery cycler", "Máy sạc xả pin đa kênh"),
    ("Argon glove box", "Tủ thao tác khí argon"),
    (
        "Electrochemical workstation (potentiostat)",
        "Trạm điện hóa (potentiostat)",
    ),
    ("Fuel cell test station", "Trạm thử pin nhiên liệu"),
    (
        "Total organic carbon (TOC) analyzer",
        "Máy phân tích tổng cacbon hữu cơ (TOC)",
    ),
    ("BOD incubator", "Tủ ủ BOD"),
    ("COD digestion reactor", "Bếp phá mẫu COD"),
    ("Ion chromatograph", "Máy sắc ký ion"),
    (
        "Air quality monitoring station (PM2.5, PM10)",
        "Trạm quan trắc chất lượng không khí (PM2.5, PM10)",
    ),
    ("Stack gas analyzer", "Máy phân tích khí thải ống khói"),
    (
        "High-volume air sampler",
        "Máy lấy mẫu không khí lưu lượng lớn",
    ),
    ("Class 1 sound level meter", "Máy đo mức âm cấp 1"),
    (
        "Pilot-scale membrane bioreactor (MBR)",
        "Bể sinh học màng quy mô pilot (MBR)",
    ),
    ("Pilot anaerobic digester", "Bể phân hủy kỵ khí pilot"),
    ("Jar test apparatus", "Thiết bị thí nghiệm Jar test"),
    ("Sludge dewatering press", "Máy ép bùn"),
    (
        "Eddy covariance flux tower",
        "Tháp đo thông lượng hiệp phương sai xoáy",
    ),
    (
        "Greenhouse gas analyzer (CO2/CH4)",
        "Máy phân tích khí nhà kính (CO2/CH4)",
    ),
    ("Automatic weather station", "Trạm khí tượng tự động"),
    ("Climate modelling server", "Máy chủ mô hình khí hậu"),
    ("Wave flume", "Máng sóng"),
    (
        "Acoustic Doppler current profiler",
        "Máy đo dòng chảy âm Doppler (ADCP)",
    ),
    ("Tilting hydraulic flume", "Máng thủy lực nghiêng"),
    (
        "Acoustic Doppler velocimeter (ADV)",
        "Máy đo lưu tốc âm Doppler (ADV)",
    ),
    ("Wave gauge array", "Dàn đầu đo sóng"),
    ("Multi-directional wave basin", "Bể sóng đa hướng"),
    ("Sediment transport flume", "Máng vận chuyển bùn cát"),
    ("Tide generator", "Máy tạo triều"),
    (
        "Laser diffraction particle size analyzer",
        "Máy phân tích cỡ hạt nhiễu xạ laser",
    ),
    ("Automatic rain gauge network", "Mạng đo mưa tự động"),
    ("Radar water level sensor", "Cảm biến mực nước radar"),
    (
        "Hydrological modelling workstation (MIKE)",
        "Trạm mô hình thủy văn (MIKE)",
    ),
    (
        "Portable electromagnetic flow meter",
        "Máy đo lưu lượng điện từ cầm tay",
    ),
    (
        "Multiparameter water quality sonde",
        "Đầu đo chất lượng nước đa chỉ tiêu",
    ),
    (
        "UV-Vis spectrophotometer",
        "Máy quang phổ tử ngoại – khả kiến",
    ),
    ("Turbidity meter", "Máy đo độ đục"),
    (
        "Bench-scale pyrolysis reactor",
        "Lò nhiệt phân quy mô phòng thí nghiệm",
    ),
    ("Plastic shredder", "Máy nghiền nhựa"),
    (
        "Near-infrared plastic sorting system",
        "Hệ phân loại nhựa cận hồng ngoại",
    ),
    ("Bomb calorimeter", "Bom nhiệt lượng kế"),
    (
        "Time and motion study kit",
        "Bộ nghiên cứu thời gian và thao tác",
    ),
    (
        "Lean manufacturing simulation line",
        "Dây chuyền mô phỏng sản xuất tinh gọn",
    ),
    (
        "Surface EMG ergonomics system",
        "Hệ điện cơ bề mặt cho công thái học",
    ),
    (
        "Discrete-event simulation workstation (Arena)",
        "Trạm mô phỏng sự kiện rời rạc (Arena)",
    ),
    (
        "Life cycle assessment workstation (SimaPro)",
        "Trạm đánh giá vòng đời (SimaPro)",
    ),
    ("Energy audit kit", "Bộ thiết bị kiểm toán năng lượng"),
    ("Portable flue gas analyzer", "Máy phân tích khí lò cầm tay"),
    (
        "Power and harmonics analyzer",
        "Máy phân tích công suất và sóng hài",
    ),
    (
        "Traffic simulation workstation (VISSIM)",
        "Trạm mô phỏng giao thông (VISSIM)",
    ),
    (
        "Traffic video analytics camera",
        "Camera phân tích video giao thông",
    ),
    ("V2X roadside unit", "Thiết bị bên đường V2X"),
    ("Vehicle detection radar", "Radar phát hiện phương tiện"),
    ("Marshall stability tester", "Máy thử độ ổn định Marshall"),
    (
        "Hamburg wheel tracking tester",
        "Máy thử vệt hằn bánh xe Hamburg",
    ),
    ("Superpave gyratory compactor", "Máy đầm xoay Superpave"),
    (
        "Falling weight deflectometer",
        "Thiết bị đo võng tải trọng rơi (FWD)",
    ),
    (
        "Servo-hydraulic actuator system (500 kN)",
        "Hệ kích thủy lực servo (500 kN)",
    ),
    (
        "Strong floor and reaction wall",
        "Sàn cứng và tường phản lực",
    ),
    (
        "Strain gauge data logger",
        "Bộ ghi dữ liệu cảm biến biến dạng",
    ),
    ("Bridge deflection measurement system", "Hệ đo độ võng cầu"),
    ("Chassis dynamometer", "Băng thử công suất ô tô"),
    ("Railway track geometry trolley", "Xe đo hình học đường ray"),
    (
        "Vehicle dynamics driving simulator",
        "Thiết bị mô phỏng lái xe động lực học",
    ),
    (
        "Engine exhaust emission analyzer",
        "Máy phân tích khí xả động cơ",
    ),
];

/// An equipment item as the generator writes it: `Vietnamese / English`, or the English name
/// alone when no translation is listed.
pub fn equipment_name(en: &str) -> String {
    match EQUIPMENT_VI.iter().find(|(e, _)| *e == en) {
        Some((_, vi)) => format!("{vi} / {en}"),
        None => en.to_string(),
    }
}

#[cfg(test)]
mod equipment_tests {
    use super::*;

    #[test]
    fn every_equipment_item_has_one_distinct_vietnamese_name() {
        let mut seen = std::collections::BTreeSet::new();
        for t in LAB_TEMPLATES {
            for e in t.equipment {
                let name = equipment_name(e);
                assert!(
                    name.ends_with(&format!(" / {e}")),
                    "{e} has no Vietnamese name"
                );
                assert!(!name.contains(';'), "{name}");
                seen.insert(name);
            }
        }
        // Distinct English items keep distinct names (the equipment match compares names).
        let english: std::collections::BTreeSet<&str> = LAB_TEMPLATES
            .iter()
            .flat_map(|t| t.equipment.iter().copied())
            .collect();
        assert_eq!(seen.len(), english.len());
        let vi: std::collections::BTreeSet<&str> = EQUIPMENT_VI.iter().map(|(_, v)| *v).collect();
        assert_eq!(
            vi.len(),
            EQUIPMENT_VI.len(),
            "two items share a Vietnamese name"
        );
    }
}
