package org.ipfailover.netif.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * rtnetlink messages: a request built as the kernel takes it (nlmsghdr, a fixed family header,
 * rtattrs) and the messages of a reply cut apart, each with its attributes by type.
 */
final class Netlink {
    static final int HEADER = 16;
    static final short NLMSG_ERROR = 2;
    static final short NLMSG_DONE = 3;
    static final short RTM_NEWLINK = 16;
    static final short RTM_DELLINK = 17;
    static final short RTM_GETLINK = 18;
    static final short RTM_NEWADDR = 20;
    static final short RTM_DELADDR = 21;
    static final short RTM_GETADDR = 22;
    static final short NLM_F_REQUEST = 0x1;
    static final short NLM_F_MULTI = 0x2;
    static final short NLM_F_ACK = 0x4;
    static final short NLM_F_DUMP = 0x300;
    static final short NLM_F_EXCL = 0x200;
    static final short NLM_F_CAPPED = 0x100;
    static final short NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;
    static final short NLM_F_CREATE = 0x400;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_FLAGS = 8;
    static final int IFA_F_NODAD = 0x02;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_OPERSTATE = 16;
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IFADDRMSG = 8;
    static final int IFINFOMSG = 16;

    private Netlink() {
    }

    /** A request under construction: the header's length is set by {@link #bytes}. */
    static final class Request {
        private final ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());

        Request(short type, short flags) {
            buffer.putInt(0).putShort(type).putShort((short) (flags | NLM_F_REQUEST)).putInt(0).putInt(0);
        }

        /** struct ifaddrmsg */
        Request ifaddrmsg(int family, int prefixLength, int index) {
            buffer.put((byte) family).put((byte) prefixLength).put((byte) 0).put((byte) 0).putInt(index);
            return this;
        }

        /** struct ifinfomsg */
        Request ifinfomsg(int family, int index) {
            buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(0).putInt(0);
            return this;
        }

        Request attribute(int type, byte[] value) {
            buffer.putShort((short) (4 + value.length)).putShort((short) type).put(value);
            align();
            return this;
        }

        Request attribute(int type, int value) {
            return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }

        /** A zero-terminated string, as the kernel wants names. */
        Request attribute(int type, String value) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[text.length + 1];
            System.arraycopy(text, 0, terminated, 0, text.length);
            return attribute(type, terminated);
        }

        byte[] bytes(int sequence) {
            align();
            buffer.putInt(0, buffer.position()).putInt(8, sequence);
            byte[] bytes = new byte[buffer.position()];
            buffer.get(0, bytes);
            return bytes;
        }

        private void align() {
            while (buffer.position() % 4 != 0) {
                buffer.put((byte) 0);
            }
        }
    }

    /**
     * One message of a reply.
     *
     * @param body what follows the nlmsghdr, the family header first
     */
    record Message(short type, short flags, int sequence, ByteBuffer body) {
        /** @return the errno of an NLMSG_ERROR, positive; 0 for an acknowledgement */
        int error() {
            return -body.getInt(0);
        }

        /** @return the kernel's own words on an NLMSG_ERROR (extended acknowledgement), or null */
        String errorMessage() {
            if ((flags & NLM_F_ACK_TLVS) == 0 || body.limit() < 4 + HEADER) {
                return null;
            }
            int echoed = (flags & NLM_F_CAPPED) != 0 ? HEADER : body.getInt(4);
            ByteBuffer message = attributes(4 + ((echoed + 3) & ~3)).get(NLMSGERR_ATTR_MSG);
            return message == null ? null : string(message);
        }

        /** @return the attributes after a family header of {@code headerLength} bytes, by type (the last of a type wins) */
        Map<Integer, ByteBuffer> attributes(int headerLength) {
            Map<Integer, ByteBuffer> attributes = new HashMap<>();
            int at = headerLength;
            while (at + 4 <= body.limit()) {
                int length = Short.toUnsignedInt(body.getShort(at));
                int type = Short.toUnsignedInt(body.getShort(at + 2)) & 0x3fff;
                if (length < 4 || at + length > body.limit()) {
                    break;
                }
                attributes.put(type, body.slice(at + 4, length - 4).order(ByteOrder.nativeOrder()));
                at += (length + 3) & ~3;
            }
            return attributes;
        }
    }

    /** @return the messages in {@code length} bytes that one recv read */
    static List<Message> parse(byte[] data, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        List<Message> messages = new ArrayList<>();
        int at = 0;
        while (at + HEADER <= length) {
            int messageLength = buffer.getInt(at);
            if (messageLength < HEADER || at + messageLength > length) {
                break;
            }
            ByteBuffer body = buffer.slice(at + HEADER, messageLength - HEADER).order(ByteOrder.nativeOrder());
            messages.add(new Message(buffer.getShort(at + 4), buffer.getShort(at + 6), buffer.getInt(at + 8), body));
            at += (messageLength + 3) & ~3;
        }
        return messages;
    }

    /** @return a zero-terminated string attribute */
    static String string(ByteBuffer attribute) {
        byte[] bytes = new byte[attribute.remaining()];
        attribute.get(0, bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer attribute) {
        byte[] bytes = new byte[attribute.remaining()];
        attribute.get(0, bytes);
        return bytes;
    }
}
