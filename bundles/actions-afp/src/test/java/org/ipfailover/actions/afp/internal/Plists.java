package org.ipfailover.actions.afp.internal;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import com.dd.plist.XMLPropertyListWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;

/** Real property lists, as the AFP server keeps them, written with dd-plist. */
final class Plists {
    private Plists() {
    }

    /** Several keys of several types, as in a real com.apple.AppleFileServer.plist. */
    static NSDictionary sample(String reconnectKeyLocation) {
        NSDictionary logging = new NSDictionary();
        logging.put("logPath", "/Library/Logs/AppleFileService/AppleFileServiceAccess.log");
        logging.put("logTime", 7);
        NSDictionary root = new NSDictionary();
        root.put("guestAccess", true);
        root.put("maxConnections", -1);
        root.put("idleDisconnectTime", 10.5);
        root.put("loginGreeting", "Welcome to the shared files");
        root.put("updateTime", new NSDate(new Date(1_700_000_000_000L)));
        root.put("kerberosSalt", new NSData(new byte[] {1, 2, 3, (byte) 0xff}));
        root.put("shares", new NSArray(new NSString("/Shared Items/Public"), new NSString("/Users")));
        root.put("activityLog", logging);
        if (reconnectKeyLocation != null) {
            root.put(ReconnectKey.KEY, reconnectKeyLocation);
        }
        return root;
    }

    static Path writeXml(Path file, NSDictionary root) throws Exception {
        XMLPropertyListWriter.write(root, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    static Path writeBinary(Path file, NSDictionary root) throws Exception {
        BinaryPropertyListWriter.write(root, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    static NSDictionary read(Path file) throws Exception {
        return (NSDictionary) PropertyListParser.parse(file);
    }

    static NSDictionary parse(byte[] bytes) throws Exception {
        return (NSDictionary) PropertyListParser.parse(bytes);
    }

    /**
     * @param original the file's bytes before the action
     * @param value what reconnectKeyLocation should be now, null for absent
     * @return the original's content with only that key changed, as XML (dd-plist's NSNumber reals do not compare equal)
     */
    static String expected(byte[] original, String value) throws Exception {
        NSDictionary root = parse(original);
        if (value == null) {
            root.remove(ReconnectKey.KEY);
        } else {
            root.put(ReconnectKey.KEY, value);
        }
        return root.toXMLPropertyList();
    }

    static String content(Path file) throws Exception {
        return read(file).toXMLPropertyList();
    }
}
