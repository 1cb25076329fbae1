package org.ipfailover.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Every ipfailover PID designated in the metatype XML ({@code OSGI-INF/metatype/*.xml}) of bundle
 * jars or class folders, read without a framework: what {@code check-config} knows of keys, types,
 * ranges and options, from the same files the node's metatype service reads.
 */
final class BundleMetatypes {
    /**
     * One attribute of a PID.
     *
     * @param type the metatype type name: String, Integer, Long, Boolean, ...
     * @param min the minimum, or null
     * @param max the maximum, or null
     * @param options the values allowed, empty when any is
     */
    record Attribute(String id, String type, String min, String max, List<String> options) {
    }

    /**
     * One designated PID.
     *
     * @param ocd the object class definition's id: the configuration annotation's class name
     * @param bundle the jar or folder that designates it
     */
    record Pid(String pid, boolean factory, String ocd, String bundle, List<Attribute> attributes) {
        List<String> keys() {
            return attributes.stream().map(Attribute::id).toList();
        }
    }

    private BundleMetatypes() {
    }

    /** @return PID to its designation, for the PIDs starting with {@code org.ipfailover.} */
    static Map<String, Pid> read(List<Path> bundles) throws IOException {
        Map<String, Pid> pids = new TreeMap<>();
        for (Path bundle : bundles) {
            for (Pid pid : readOne(bundle)) {
                if (pid.pid().startsWith(MetatypeIndex.PREFIX)) {
                    pids.put(pid.pid(), pid);
                }
            }
        }
        return pids;
    }

    private static List<Pid> readOne(Path bundle) throws IOException {
        List<Pid> pids = new ArrayList<>();
        String name = bundle.getFileName().toString();
        if (Files.isDirectory(bundle)) {
            Path folder = bundle.resolve("OSGI-INF/metatype");
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            pids.addAll(parse(in, name));
                        }
                    }
                }
            }
        } else if (name.endsWith(".jar")) {
            try (ZipFile jar = new ZipFile(bundle.toFile())) {
                for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith("OSGI-INF/metatype/")
                        && e.getName().endsWith(".xml")).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        pids.addAll(parse(in, name));
                    }
                }
            }
        }
        return pids;
    }

    static List<Pid> parse(InputStream in, String bundle) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("metatype of " + bundle + " does not parse: " + e.getMessage(), e);
        }
        Map<String, List<Attribute>> definitions = new HashMap<>();
        NodeList ocds = document.getElementsByTagName("OCD");
        for (int i = 0; i < ocds.getLength(); i++) {
            Element ocd = (Element) ocds.item(i);
            List<Attribute> attributes = new ArrayList<>();
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                List<String> options = new ArrayList<>();
                NodeList optionElements = ad.getElementsByTagName("Option");
                for (int k = 0; k < optionElements.getLength(); k++) {
                    options.add(((Element) optionElements.item(k)).getAttribute("value"));
                }
                attributes.add(new Attribute(ad.getAttribute("id"), ad.getAttribute("type"), blankToNull(ad.getAttribute("min")),
                        blankToNull(ad.getAttribute("max")), List.copyOf(options)));
            }
            definitions.put(ocd.getAttribute("id"), List.copyOf(attributes));
        }
        List<Pid> pids = new ArrayList<>();
        NodeList designates = document.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element designate = (Element) designates.item(i);
            NodeList objects = designate.getElementsByTagName("Object");
            if (objects.getLength() == 0) {
                continue;
            }
            String ocd = ((Element) objects.item(0)).getAttribute("ocdref");
            boolean factory = !designate.getAttribute("factoryPid").isEmpty();
            String pid = factory ? designate.getAttribute("factoryPid") : designate.getAttribute("pid");
            if (definitions.containsKey(ocd) && !pid.isEmpty()) {
                pids.add(new Pid(pid, factory, ocd, bundle, definitions.get(ocd)));
            }
        }
        return pids;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
