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
    /// e.g. "Acoustic Doppler current profiler".
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
