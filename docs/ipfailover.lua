-- Wireshark / tshark dissector for ipfailover heartbeats (wire format version 2, docs/wire-format.md).
--
--   tshark -X lua_script:docs/ipfailover.lua -r capture.pcap -Y ipfailover
--   Wireshark: copy this file into the personal Lua plugins folder (Help > About > Folders), or
--   start it with -X lua_script:ipfailover.lua.
--
-- It reads the fields; it does not check the MAC (that needs the key). A node on another port than
-- 1694: Analyze > Decode As > UDP port > IPFAILOVER, or edit PORT below.

local PORT = 1694

local proto = Proto("ipfailover", "ipfailover heartbeat")

local states = {
    [0] = "INIT", [1] = "STANDBY", [2] = "TESTING", [3] = "ACQUIRING", [4] = "UP",
    [5] = "RELEASING", [6] = "RECOVER", [7] = "FAIL", [8] = "DISABLED",
}

local f = {
    magic = ProtoField.string("ipfailover.magic", "Magic"),
    version = ProtoField.uint8("ipfailover.version", "Version"),
    flags = ProtoField.uint8("ipfailover.flags", "Flags", base.HEX),
    authenticated = ProtoField.bool("ipfailover.authenticated", "Authenticated (HMAC-SHA256)", 8, nil, 0x01),
    quorum_used = ProtoField.bool("ipfailover.quorum_used", "Uses a quorum", 8, nil, 0x02),
    quorum_reached = ProtoField.bool("ipfailover.quorum_reached", "Reaches its quorum", 8, nil, 0x04),
    node = ProtoField.string("ipfailover.node", "Node id"),
    boot = ProtoField.uint64("ipfailover.boot", "Boot id", base.HEX),
    boot_counter = ProtoField.uint32("ipfailover.boot_counter", "Boot counter"),
    sequence = ProtoField.uint64("ipfailover.sequence", "Sequence"),
    network = ProtoField.string("ipfailover.network", "Network"),
    interval = ProtoField.uint32("ipfailover.interval", "Interval (ms)"),
    part = ProtoField.uint8("ipfailover.part", "Part"),
    parts = ProtoField.uint8("ipfailover.parts", "Parts"),
    groups = ProtoField.uint16("ipfailover.groups", "Group count"),
    group = ProtoField.string("ipfailover.group", "Group"),
    state = ProtoField.uint8("ipfailover.state", "State", base.DEC, states),
    priority = ProtoField.uint8("ipfailover.priority", "Priority"),
    fingerprint = ProtoField.uint32("ipfailover.fingerprint", "Fingerprint", base.HEX),
    mac = ProtoField.bytes("ipfailover.mac", "MAC (first 16 bytes of HMAC-SHA256)"),
}
proto.fields = f

local malformed = ProtoExpert.new("ipfailover.malformed", "Malformed ipfailover heartbeat",
    expert.group.MALFORMED, expert.severity.ERROR)
proto.experts = { malformed }

-- a length-prefixed UTF-8 name at offset: adds it to tree, returns the offset after it, or nil
local function name(buffer, tree, field, offset, limit)
    if offset + 1 > limit then return nil end
    local length = buffer(offset, 1):uint()
    if length == 0 or offset + 1 + length > limit then return nil end
    local range = buffer(offset, 1 + length)
    tree:add(field, buffer(offset + 1, length), buffer(offset + 1, length):string(ENC_UTF_8))
    return offset + 1 + length, buffer(offset + 1, length):string(ENC_UTF_8), range
end

function proto.dissector(buffer, pinfo, root)
    local length = buffer:len()
    if length < 50 or buffer(0, 4):string() ~= "IPFO" then return 0 end
    pinfo.cols.protocol = "IPFAILOVER"
    local tree = root:add(proto, buffer(), "ipfailover heartbeat")
    local limit = length - 16
    tree:add(f.magic, buffer(0, 4))
    tree:add(f.version, buffer(4, 1))
    local flags = tree:add(f.flags, buffer(5, 1))
    flags:add(f.authenticated, buffer(5, 1))
    flags:add(f.quorum_used, buffer(5, 1))
    flags:add(f.quorum_reached, buffer(5, 1))
    local flag_bits = buffer(5, 1):uint()
    if bit.band(flag_bits, 0xF8) ~= 0 or bit.band(flag_bits, 0x06) == 0x04 then
        tree:add_proto_expert_info(malformed, "unknown flags (a receiver drops it as badVersion)")
    end
    local offset, node = name(buffer, tree, f.node, 6, limit)
    if not offset or offset + 17 > limit then
        tree:add_proto_expert_info(malformed, "a field runs past the end")
        return length
    end
    local boot = tree:add(f.boot, buffer(offset, 8))
    boot:add(f.boot_counter, buffer(offset, 4))
    tree:add(f.sequence, buffer(offset + 8, 8))
    local sequence = buffer(offset + 8, 8):uint64()
    local network
    offset, network = name(buffer, tree, f.network, offset + 16, limit)
    if not offset or offset + 8 > limit then
        tree:add_proto_expert_info(malformed, "a field runs past the end")
        return length
    end
    tree:add(f.interval, buffer(offset, 4))
    tree:add(f.part, buffer(offset + 4, 1))
    tree:add(f.parts, buffer(offset + 5, 1))
    tree:add(f.groups, buffer(offset + 6, 2))
    local count = buffer(offset + 6, 2):uint()
    offset = offset + 8
    local said = {}
    for i = 1, count do
        local start = offset
        local item = tree:add(proto, buffer(offset, 0), "Group")
        local group
        offset, group = name(buffer, item, f.group, offset, limit)
        if not offset or offset + 6 > limit then
            tree:add_proto_expert_info(malformed, "group " .. i .. " runs past the end")
            return length
        end
        local state = buffer(offset, 1):uint()
        item:add(f.state, buffer(offset, 1))
        item:add(f.priority, buffer(offset + 1, 1))
        item:add(f.fingerprint, buffer(offset + 2, 4))
        offset = offset + 6
        item:set_len(offset - start)
        local text = group .. " " .. (states[state] or tostring(state)) .. " " .. buffer(offset - 5, 1):uint()
        item:set_text("Group: " .. text)
        said[#said + 1] = text
    end
    if offset ~= limit then
        tree:add_proto_expert_info(malformed, (limit - offset) .. " bytes after the last group")
    end
    tree:add(f.mac, buffer(limit, 16))
    pinfo.cols.info = string.format("%s on %s seq %s: %s", node, network, tostring(sequence), table.concat(said, ", "))
    return length
end

DissectorTable.get("udp.port"):add(PORT, proto)
